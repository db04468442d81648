using System.Globalization;
using System.Text.RegularExpressions;

namespace Shifan.Core.SelfAssessment;

/// <summary>What an indicator's text yields: the thresholds read, and the clauses that look quantitative but were not read (listed, never guessed).</summary>
public sealed record ThresholdReading(IReadOnlyList<StandardThreshold> Thresholds, IReadOnlyList<string> Unparsed);

/// <summary>
/// Reads quantitative standards from indicator text: "不低于90%", "达100%", "满意度达到95%以上", "不少于3件",
/// "5小时内发布", "不超过5个工作日", "至少一次", "2名以上". A clause that compares without a figure we can read
/// ("不高于全国平均值") goes to <see cref="ThresholdReading.Unparsed"/>.
/// </summary>
public static partial class ThresholdParser
{
    private const string Number = @"(?<n>\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})";
    private const string Units = @"(?<u>%|％|个工作日|工作日|学时|小时|日|天|件|次|个|期|名|人|项|篇|家)";

    // 不低于90% / 不少于3件 / 至少一次 / 达到100% / 达 100% / 不少于本单位执法人员总数的5% (a short gap of words before the figure).
    [GeneratedRegex(@"(?<c>不低于|不少于|至少|达到|均达|达|高于)(?<gap>[^，。；;,、\d一二两三四五六七八九十（(]{0,14})" + Number + @"\s*" + Units + @"(?<more>以上)?")]
    private static partial Regex AtLeastBefore();

    // 不超过5个工作日 / 不高于3% / 最长不超过15个工作日
    [GeneratedRegex(@"(?<c>不超过|不高于|少于|低于)\s*" + Number + @"\s*" + Units)]
    private static partial Regex AtMostBefore();

    // 80%以上 / 2名以上 / 2期以上
    [GeneratedRegex(Number + @"\s*" + Units + @"(?<c>以上)")]
    private static partial Regex AtLeastAfter();

    // 5小时内 / 7个工作日之内 / 7个工作日以内
    [GeneratedRegex(Number + @"\s*" + Units + @"(?<c>之内|以内|内)")]
    private static partial Regex WithinAfter();

    [GeneratedRegex(@"(?:不低于|不少于|不超过|不高于|至少|以上|以内|之内|达到|率达|均达)")]
    private static partial Regex ComparisonWord();

    [GeneratedRegex(@"\d{4}\s*年|[（(]\s*\d+\s*[）)]|^\s*\d+\s*[.、．]|[①②③④⑤⑥⑦⑧⑨⑩]")]
    private static partial Regex NotAFigure();

    private static readonly char[] ClauseEnds = ['。', '；', ';', '\n'];
    private static readonly char[] SubjectStops = ['，', ',', '。', '；', ';', '：', ':', '\n'];

    public static ThresholdReading Read(string? text)
    {
        var found = new List<StandardThreshold>();
        var unparsed = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return new ThresholdReading(found, unparsed);
        foreach (var raw in text.Split(ClauseEnds, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var clause = raw.Replace('\t', ' ');
            var before = found.Count;
            var taken = new List<(int Start, int End)>();
            Collect(clause, AtLeastBefore(), Comparison.AtLeast, found, taken);
            Collect(clause, AtMostBefore(), Comparison.AtMost, found, taken);
            Collect(clause, AtLeastAfter(), Comparison.AtLeast, found, taken);
            Collect(clause, WithinAfter(), Comparison.AtMost, found, taken);
            if (found.Count == before && LooksQuantitative(clause)) unparsed.Add(clause.Length > 120 ? clause[..120] : clause);
        }
        var distinct = found.GroupBy(t => (t.Subject, t.Comparison, t.Value, t.UnitOfMeasure)).Select(g => g.First()).ToList();
        return new ThresholdReading(distinct, unparsed.Distinct().ToList());
    }

    private static bool LooksQuantitative(string clause)
    {
        if (!ComparisonWord().IsMatch(clause)) return false;
        var stripped = NotAFigure().Replace(clause, "");
        // A strong comparison ("不高于全国平均值") needs no figure to be worth listing; "以上/以内" alone needs one ("省部级以上" is not a standard).
        return Regex.IsMatch(stripped, @"不低于|不少于|不超过|不高于") || Regex.IsMatch(stripped, @"\d|%|％");
    }

    private static void Collect(string clause, Regex pattern, Comparison comparison, List<StandardThreshold> found, List<(int Start, int End)> taken)
    {
        foreach (Match m in pattern.Matches(clause))
        {
            var n = m.Groups["n"];
            // A figure already read by a stronger pattern ("不低于90%" also looks like "90%以上" is not there, but "达到80%以上" is read once).
            if (taken.Any(t => n.Index >= t.Start && n.Index < t.End)) continue;
            if (ParseNumber(n.Value) is not decimal value) continue;
            // "2019年" style years never reach here (年 is not a unit), but "第1次" and list numbers must not either.
            if (n.Index > 0 && clause[n.Index - 1] == '第') continue;
            var unit = m.Groups["u"].Value switch { "％" => "%", "工作日" => "个工作日", var u => u };
            var gap = m.Groups["gap"].Success ? m.Groups["gap"].Value.Trim() : "";
            var subject = SubjectBefore(clause, m.Index);
            if (gap.Length > 0) subject += gap;
            if (string.IsNullOrEmpty(subject) && m.Groups["c"].Value == "以上")
                subject = AfterWithin(clause, m.Index + m.Length).Trim('“', '”', '"');
            else if (comparison == Comparison.AtMost && m.Groups["c"].Value is "之内" or "以内" or "内")
                subject = string.IsNullOrEmpty(subject) ? AfterWithin(clause, m.Index + m.Length) : $"{subject}{AfterWithin(clause, m.Index + m.Length)}";
            var source = m.Value.Trim();
            found.Add(new StandardThreshold(string.IsNullOrEmpty(subject) ? source : subject, comparison, value, unit, source));
            taken.Add((m.Index, m.Index + m.Length));
        }
    }

    /// <summary>The words before the comparison back to the previous stop, without list numbers: "网上可办率", "案例".</summary>
    private static string SubjectBefore(string clause, int index)
    {
        var head = clause[..index].TrimEnd();
        // "案例（不少于3件）": the subject is what stands before the bracket.
        if (head.EndsWith('（') || head.EndsWith('(')) head = head[..^1].TrimEnd();
        var stop = head.LastIndexOfAny(SubjectStops);
        var subject = (stop >= 0 ? head[(stop + 1)..] : head).Trim();
        subject = Regex.Replace(subject, @"^(?:\d+\s*[.、．]|[（(]\s*\d+\s*[）)]|[①②③④⑤⑥⑦⑧⑨⑩])\s*", "");
        subject = subject.Trim('“', '”', '"', ' ').TrimEnd('的', '均', '且', ' ').TrimStart('且');
        return subject.Length > 30 ? subject[^30..] : subject;
    }

    /// <summary>"5小时内发布权威信息": what must happen within the time ("发布权威信息").</summary>
    private static string AfterWithin(string clause, int index)
    {
        var tail = clause[index..];
        var stop = tail.IndexOfAny(SubjectStops);
        var words = (stop >= 0 ? tail[..stop] : tail).Trim();
        return words.Length > 16 ? words[..16] : words;
    }

    public static decimal? ParseNumber(string text)
    {
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d)) return d;
        static int Digit(char c) => "零一二三四五六七八九".IndexOf(c) is var i and >= 0 ? i : c == '两' ? 2 : -1;
        if (text.Length == 1) return text == "十" ? 10 : Digit(text[0]) is var v and >= 0 ? v : null;
        var ten = text.IndexOf('十');
        if (ten < 0) return null;
        var tens = ten == 0 ? 1 : Digit(text[0]);
        var ones = ten == text.Length - 1 ? 0 : Digit(text[^1]);
        return tens < 0 || ones < 0 ? null : tens * 10 + ones;
    }
}
