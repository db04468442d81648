namespace Shifan.Core.Frameworks;

/// <summary>The canonical 测评方法 and the ways documents write them.</summary>
public static class EvaluationMethods
{
    public static IReadOnlyList<string> Canonical { get; } =
        ["网络检索", "材料查证", "实地核查", "问卷调查", "随机访谈", "案卷评查", "随机抽考", "满意度测评"];

    private static readonly (string Written, string Canonical)[] Synonyms = BuildSynonyms();

    private static (string, string)[] BuildSynonyms()
    {
        var map = new Dictionary<string, string[]>
        {
            ["网络检索"] = ["网络检索", "网上检索", "网络查询", "网上查询", "网络搜索"],
            ["材料查证"] = ["材料查证", "查看资料", "查阅资料", "资料查证", "查阅材料", "材料核查", "查看材料", "资料查阅", "材料审核"],
            ["实地核查"] = ["实地核查", "实地核验", "实地查看", "实地检查", "现场核查", "现场查看", "实地考察", "实地验证"],
            ["问卷调查"] = ["问卷调查", "问卷调研", "调查问卷"],
            ["随机访谈"] = ["随机访谈", "随机街访", "个别访谈", "随机走访", "街头访问"],
            ["案卷评查"] = ["案卷评查", "查阅案卷", "案卷查阅", "卷宗评查", "案卷抽查"],
            ["随机抽考"] = ["随机抽考", "网络考试", "在线考试", "随机考试", "抽考"],
            ["满意度测评"] = ["群众满意度测评", "满意度测评", "满意度调查", "群众满意度调查"],
        };
        return map.SelectMany(kv => kv.Value.Select(w => (w, kv.Key)))
                  .OrderByDescending(p => p.w.Length).ToArray();
    }

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || c is '、' or '，' or ',' or '；' or ';' or '/' or '。' or '＋' or '+' or '和' or '及';

    /// <summary>
    /// Splits a 测评方法 cell into canonical names, in order, without duplicates.
    /// Unseparated runs such as 网络检索材料查证随机街访 are resolved by longest match;
    /// text matching no known method is kept as written.
    /// </summary>
    public static List<string> Parse(string? raw)
    {
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(raw)) return result;
        var unknown = new System.Text.StringBuilder();
        void FlushUnknown()
        {
            var s = unknown.ToString().Trim();
            unknown.Clear();
            if (s.Length > 0 && !result.Contains(s)) result.Add(s);
        }
        var i = 0;
        while (i < raw.Length)
        {
            var match = Synonyms.FirstOrDefault(p => string.CompareOrdinal(raw, i, p.Written, 0, p.Written.Length) == 0);
            if (match.Written is not null)
            {
                FlushUnknown();
                if (!result.Contains(match.Canonical)) result.Add(match.Canonical);
                i += match.Written.Length;
                continue;
            }
            if (IsSeparator(raw[i]) && !(raw[i] is '和' or '及' && unknown.Length > 0)) FlushUnknown();
            else unknown.Append(raw[i]);
            i++;
        }
        FlushUnknown();
        return result;
    }
}
