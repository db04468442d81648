using System.Collections.Frozen;
using System.Text;

namespace Shifan.Documents.Import;

/// <summary>
/// What a PDF's letters say, as the document's writer typed them. A CJK font often draws a radical and the
/// character of the same shape with one glyph, and the PDF's ToUnicode map then names the radical: text taken
/// from a PDF printed by a browser (Skia), and from many made by WPS or Word, reads "⾏政审批" (U+2F8F KANGXI
/// RADICAL WALK) where the page shows 行政审批, "⼯作任务" for 工作任务, "意⻅" for 意见. Such text looks right and
/// matches nothing: no label, method or unit name is found. The reader maps these back to the characters.
/// </summary>
public static class PdfCharacters
{
    /// <summary>
    /// The simplified-Chinese radical forms of the CJK Radicals Supplement that stand for a character of their own
    /// and have no compatibility mapping in Unicode (the Kangxi radicals, the compatibility ideographs and the
    /// Latin ligatures do, and are mapped by NFKC).
    /// </summary>
    private static readonly FrozenDictionary<char, char> Radicals = new Dictionary<char, char>
    {
        ['\u2EA0'] = '民', ['\u2EBC'] = '月', ['\u2EC4'] = '西', ['\u2EC5'] = '见', ['\u2EC6'] = '角', ['\u2EC9'] = '贝',
        ['\u2ECB'] = '车', ['\u2ED3'] = '长', ['\u2ED4'] = '门', ['\u2ED7'] = '雨', ['\u2ED8'] = '青', ['\u2EDA'] = '页',
        ['\u2EDB'] = '风', ['\u2EDC'] = '飞', ['\u2EDD'] = '食', ['\u2EE2'] = '马', ['\u2EE4'] = '鬼', ['\u2EE5'] = '鱼',
        ['\u2EE6'] = '鸟', ['\u2EE7'] = '卤', ['\u2EE8'] = '麦', ['\u2EE9'] = '黄', ['\u2EEC'] = '齐', ['\u2EEE'] = '齿',
        ['\u2EF0'] = '龙', ['\u2EF3'] = '龟', ['\u2E9F'] = '母',
    }.ToFrozenDictionary();

    /// <summary>The text of one letter with radicals, compatibility ideographs and ligatures (ﬁ) as the characters they stand for.</summary>
    public static string Unify(string value)
    {
        foreach (var ch in value)
            if (NeedsMapping(ch)) return Map(value);
        return value;
    }

    private static bool NeedsMapping(char c) =>
        c is >= '\u2E80' and <= '\u2FDF'      // CJK Radicals Supplement, Kangxi Radicals
            or >= '\uF900' and <= '\uFAFF'    // CJK Compatibility Ideographs
            or >= '\uFB00' and <= '\uFB06';   // Latin ligatures (ﬁ ﬂ ﬀ)

    private static string Map(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var ch in value)
        {
            if (Radicals.TryGetValue(ch, out var character)) sb.Append(character);
            else if (NeedsMapping(ch)) sb.Append(ch.ToString().Normalize(NormalizationForm.FormKC));
            else sb.Append(ch);
        }
        return sb.ToString();
    }
}
