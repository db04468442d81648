using System.Text.RegularExpressions;

namespace Shifan.Documents.SelfAssessment;

/// <summary>
/// Reads and writes the plain-text markup of a report section: the browser edits it in a textarea, the .docx writer
/// and the page render it. Tables are lines of "|"-separated cells so they survive editing as text.
/// </summary>
public static partial class ReportBody
{
    [GeneratedRegex(@"^（[一二三四五六七八九十]+）")]
    private static partial Regex SubheadingStart();

    [GeneratedRegex(@"^\d{1,3}[.．]\s*\S")]
    private static partial Regex ItemStart();

    /// <summary>Subheadings and items longer than this are ordinary paragraphs that happen to start with a number.</summary>
    private const int HeadingMaxLength = 60;

    public static IReadOnlyList<ReportBlock> Parse(string? body)
    {
        var blocks = new List<ReportBlock>();
        List<IReadOnlyList<string>>? table = null;
        foreach (var raw in (body ?? "").Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('|'))
            {
                if (table is null)
                {
                    table = [];
                    blocks.Add(new ReportBlock(ReportBlockKind.Table, "", table));
                }
                table.Add(Cells(line));
                continue;
            }
            table = null;
            if (line.Length == 0) continue;
            var kind = line.Length <= HeadingMaxLength && SubheadingStart().IsMatch(line) ? ReportBlockKind.Subheading
                : line.Length <= HeadingMaxLength && ItemStart().IsMatch(line) ? ReportBlockKind.Item
                : ReportBlockKind.Paragraph;
            blocks.Add(ReportBlock.Line(kind, line));
        }
        return blocks;
    }

    private static List<string> Cells(string line)
    {
        var inner = line.Trim().Trim('|');
        return inner.Split('|').Select(c => c.Trim().Replace("\\n", "\n")).ToList();
    }

    /// <summary>One table row; "|" and line breaks inside a cell would break the markup, so they are replaced.</summary>
    public static string Row(params IEnumerable<string?> cells) =>
        "| " + string.Join(" | ", cells.Select(c => (c ?? "").Replace('|', '｜').Replace("\r", "").Replace("\n", " ").Trim())) + " |";
}
