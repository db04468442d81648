using System.Text;
using System.Text.RegularExpressions;
using Shifan.Core.Frameworks;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Import;

/// <summary>Reads the prose inside table cells: unit lists, contacts, numbered material lists.</summary>
public static partial class CellParsers
{
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"(?<![\d])(?:0\d{2,3}[-－]?\d{7,8}|1[3-9]\d{9}|\d{4,8})(?![\d])")]
    private static partial Regex PhoneRegex();

    /// <summary>Splits on 、，,；; and line breaks, never inside brackets: 各乡（镇、街道） stays one name.</summary>
    public static List<string> SplitNames(string? cell)
    {
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(cell)) return result;
        var depth = 0;
        var current = new StringBuilder();
        void Flush()
        {
            var s = current.ToString().Trim().Trim('：', ':', '。', '/', ' ');
            current.Clear();
            if (s.Length > 0 && !result.Contains(s)) result.Add(s);
        }
        foreach (var c in cell)
        {
            if (c is '（' or '(' or '【' or '[') depth++;
            else if (c is '）' or ')' or '】' or ']') depth = Math.Max(0, depth - 1);
            if (depth == 0 && c is '、' or '，' or ',' or '；' or ';' or '\n' or '\r' or '/') { Flush(); continue; }
            current.Append(c);
        }
        Flush();
        return result;
    }

    [GeneratedRegex(@"(?:(?:见|详见)?表[中内后]?)?(?:联系方式|联系电话|联系人|办公电话|手机号码|手机|电话|电子邮箱|邮箱|E-?mail)(?:见表[中内后]?)?", RegexOptions.IgnoreCase)]
    private static partial Regex ContactLabelRegex();

    /// <summary>
    /// Reads a 牵头单位（及联系方式） cell: unit names with the phones and e-mails that follow each.
    /// Names broken over lines ("政务服务和大数据\n管理局：6835310") are joined.
    /// </summary>
    public static (List<string> Units, List<ContactDto> Contacts) ParseUnitsWithContacts(string? cell)
    {
        var units = new List<string>();
        var contacts = new List<ContactDto>();
        if (string.IsNullOrWhiteSpace(cell)) return (units, contacts);
        // Labels are not names: "联系方式：6633112", "表中联系方式".
        cell = ContactLabelRegex().Replace(cell, " ");
        var tokens = new List<(int Start, int End, bool Email)>();
        foreach (Match m in EmailRegex().Matches(cell)) tokens.Add((m.Index, m.Index + m.Length, true));
        foreach (Match m in PhoneRegex().Matches(cell))
            if (!tokens.Any(t => m.Index < t.End && t.Start < m.Index + m.Length)) tokens.Add((m.Index, m.Index + m.Length, false));
        if (tokens.Count == 0) return (SplitNames(cell), contacts);
        tokens.Sort((a, b) => a.Start.CompareTo(b.Start));
        ContactDto? current = null;
        var pos = 0;
        foreach (var t in tokens)
        {
            var between = cell[pos..t.Start];
            var name = Regex.Replace(between, @"[\s：:/／,，;；、]+", " ").Trim();
            name = name.Replace(" ", "");
            if (name.Length > 0 && !name.All(ch => ch is '-' or '—' or '电' or '话' or '邮' or '箱'))
            {
                current = new ContactDto { Unit = name };
                contacts.Add(current);
                if (!units.Contains(name)) units.Add(name);
            }
            current ??= AddUnnamed(contacts);
            var value = cell[t.Start..t.End];
            if (t.Email) { if (!current.Emails.Contains(value)) current.Emails.Add(value); }
            else if (!current.Phones.Contains(value)) current.Phones.Add(value);
            pos = t.End;
        }
        var tail = Regex.Replace(cell[pos..], @"[\s：:/／]+", "");
        foreach (var n in SplitNames(tail)) if (!units.Contains(n)) units.Add(n);
        return (units, contacts);
    }

    private static ContactDto AddUnnamed(List<ContactDto> contacts)
    {
        var c = new ContactDto { Unit = "" };
        contacts.Add(c);
        return c;
    }

    [GeneratedRegex(@"(?:^|(?<=[。；;！!？?\n]))\s*[（(]?(\d{1,2})[)）]?[\.．、]")]
    private static partial Regex MaterialNumberRegex();

    /// <summary>Splits a 需报送材料 cell into numbered requirements and reads their constraints.</summary>
    public static List<MaterialDto> ParseMaterials(string? cell, string? rowUnit = null)
    {
        var result = new List<MaterialDto>();
        if (string.IsNullOrWhiteSpace(cell)) return result;
        var text = CircledNumbers(cell.Trim());
        if (Regex.IsMatch(text, @"^(不需|无需|不用)(提供|报送)")) return result;
        var starts = Scan(text, 1);
        var implicitFirst = false;
        if (starts.Count == 0)
        {
            // "…制度文件。\n2.行刑衔接…": the first item was printed without its number.
            var fromTwo = Scan(text, 2);
            if (fromTwo.Count > 0 && fromTwo[0].Index > 0) { starts = fromTwo; implicitFirst = true; }
        }
        if (starts.Count == 0)
        {
            result.Add(Material(1, text, rowUnit));
            return result;
        }
        var lead = text[..starts[0].Index].Trim();
        if (implicitFirst) result.Add(Material(1, lead, rowUnit));
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Index : text.Length;
            var body = text[starts[i].BodyStart..end].Trim();
            if (i == 0 && lead.Length > 0 && !implicitFirst) body = lead + "\n" + body;
            result.Add(Material(starts[i].No, body, rowUnit));
        }
        return result;
    }

    private static List<(int Index, int No, int BodyStart)> Scan(string text, int first)
    {
        var starts = new List<(int Index, int No, int BodyStart)>();
        var expected = first;
        foreach (Match m in MaterialNumberRegex().Matches(text))
        {
            var no = int.Parse(m.Groups[1].Value);
            // A row of a multi-row indicator continues its predecessor's numbering (4. 5. …).
            if (starts.Count == 0 && first == 1 && m.Index == 0 && no > 1) expected = no;
            if (no != expected) continue;
            starts.Add((m.Index, no, m.Index + m.Length));
            expected++;
        }
        return starts;
    }

    [GeneratedRegex(@"((?:19|20)\d{2})\s*年(?:[度]?以来|起|至今|开始)")]
    private static partial Regex SinceRegex();

    [GeneratedRegex(@"(?:不少于|至少|最少)\s*([0-9一二三四五六七八九十]+)\s*(?:件|个|份|篇|张|次|项|卷|条)")]
    private static partial Regex MinRegex();

    [GeneratedRegex(@"(?:不超过|不多于|最多|至多)\s*([0-9一二三四五六七八九十]+)\s*(?:件|个|份|篇|张|次|项|卷|条)")]
    private static partial Regex MaxRegex();

    [GeneratedRegex(@"(?:任选|选取|提供|选择)?\s*([0-9一二三四五六七八九十]+)\s*[-－—~～至到]\s*([0-9一二三四五六七八九十]+)\s*(?:件|个|份|篇|张|次|项|卷|条)")]
    private static partial Regex RangeRegex();

    [GeneratedRegex(@"(?:([0-9]+)\s*字以内|不超过\s*([0-9]+)\s*字|([0-9]+)\s*字左右)")]
    private static partial Regex CharsRegex();

    [GeneratedRegex(@"[（(]([^（）()]{2,30}?)[）)]\s*[。.]?\s*$")]
    private static partial Regex OwnerRegex();

    /// <summary>"①…②…" becomes "1.…\n2.…", so circled numbers split items like printed ones.</summary>
    private static string CircledNumbers(string text)
    {
        if (!text.Any(c => c is >= '①' and <= '⑳')) return text;
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (c is >= '①' and <= '⑳')
            {
                if (sb.Length > 0 && sb[^1] != '\n') sb.Append('\n');
                sb.Append(c - '①' + 1).Append('.');
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    public static MaterialDto Material(int no, string text, string? rowUnit)
    {
        var m = new MaterialDto { No = no, Text = text, Unit = rowUnit };
        if (SinceRegex().Match(text) is { Success: true } s) m.Since = int.Parse(s.Groups[1].Value);
        if (RangeRegex().Match(text) is { Success: true } r)
        {
            m.MinCount = ChineseNumerals.Parse(r.Groups[1].Value);
            m.MaxCount = ChineseNumerals.Parse(r.Groups[2].Value);
        }
        if (m.MinCount is null && MinRegex().Match(text) is { Success: true } min) m.MinCount = ChineseNumerals.Parse(min.Groups[1].Value);
        if (m.MaxCount is null && MaxRegex().Match(text) is { Success: true } max) m.MaxCount = ChineseNumerals.Parse(max.Groups[1].Value);
        if (CharsRegex().Match(text) is { Success: true } c)
            m.MaxChars = int.Parse(c.Groups.Values.Skip(1).First(g => g.Success).Value);
        if (OwnerRegex().Match(text) is { Success: true } o && LooksLikeUnit(o.Groups[1].Value)) m.Unit = o.Groups[1].Value.Trim();
        return m;
    }

    private static bool LooksLikeUnit(string s) =>
        !s.Contains("字") && Regex.IsMatch(s, @"(局|委|办|院|厅|部|中心|政府|科|室|处|站|队|所|会|馆|街道|乡|镇)([、，]|$)");

    /// <summary>Joins the paragraphs of a cell with \n and trims each.</summary>
    public static string Clean(string? s) =>
        string.Join('\n', (s ?? "").Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    /// <summary>Removes line breaks that Word put inside a short heading: "政府职能\n依法全面履行".</summary>
    public static string JoinLines(string s) => Regex.Replace(s, @"\s*\n\s*", "");
}
