using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Import;

/// <summary>Reads the paragraphs and tables of a .docx, with merged cells resolved.</summary>
public sealed class DocxContent
{
    public List<string> ParagraphsBeforeFirstTable { get; } = [];
    public List<TableGrid> Tables { get; } = [];
    public List<string> Paragraphs { get; } = [];
}

public static class DocxReader
{
    public static DocxContent Read(Stream stream, ReadLimits limits)
    {
        limits.CheckZip(stream);
        limits.CheckXmlParts(stream);
        WordprocessingDocument doc;
        try
        {
            doc = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = limits.MaxUncompressedBytes / 2 });
        }
        catch (Exception ex) when (ex is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or InvalidDataException or XmlException or FileFormatException or IOException)
        {
            throw new DocumentReadException(ex.Message.Contains("encrypt", StringComparison.OrdinalIgnoreCase)
                ? "文件已加密，请先解除密码保护" : "不是有效的Word文档（.docx），或文件已损坏", ex);
        }
        using (doc)
        {
            var content = new DocxContent();
            var started = DateTime.UtcNow;
            try
            {
                var body = doc.MainDocumentPart?.Document?.Body ?? throw new DocumentReadException("Word文档没有正文内容");
                foreach (var element in body.ChildElements)
                {
                    if (DateTime.UtcNow - started > limits.MaxTime) throw new DocumentReadException("读取文件超时");
                    if (element is Paragraph p)
                    {
                        var text = p.InnerText.Trim();
                        if (text.Length == 0) continue;
                        content.Paragraphs.Add(text);
                        if (content.Tables.Count == 0) content.ParagraphsBeforeFirstTable.Add(text);
                    }
                    else if (element is Table t)
                    {
                        content.Tables.Add(ReadTable(t, $"表格{content.Tables.Count + 1}", limits));
                    }
                }
            }
            catch (XmlException ex)
            {
                throw new DocumentReadException("Word文档内容格式错误（可能含有不安全的XML实体）", ex);
            }
            return content;
        }
    }

    private static TableGrid ReadTable(Table table, string location, ReadLimits limits)
    {
        var grid = new TableGrid { Location = location };
        List<string>? previous = null;
        var rowNo = 0;
        foreach (var row in table.Elements<TableRow>())
        {
            rowNo++;
            if (rowNo > limits.MaxRows) throw new DocumentReadException($"表格行数超过上限（{limits.MaxRows}行）");
            var cells = new List<string>();
            foreach (var cell in row.Elements<TableCell>())
            {
                var props = cell.TableCellProperties;
                var span = props?.GridSpan?.Val?.Value ?? 1;
                var vmerge = props?.VerticalMerge;
                var column = cells.Count;
                string text;
                if (vmerge is not null && (vmerge.Val is null || vmerge.Val.Value == MergedCellValues.Continue))
                    text = previous is not null && column < previous.Count ? previous[column] : "";
                else
                    text = CellText(cell);
                cells.Add(text);
                // A horizontally merged cell fills the columns it spans with the same text, so a
                // "本项县区不涉及" spanning four columns reads the same in each of them.
                for (var k = 1; k < span; k++) cells.Add(text);
            }
            grid.Rows.Add(new GridRow($"{location} 第{rowNo}行", cells));
            previous = cells;
        }
        return grid;
    }

    private static string CellText(TableCell cell)
    {
        var sb = new StringBuilder();
        foreach (var p in cell.Descendants<Paragraph>())
        {
            var t = ParagraphText(p).Trim();
            if (t.Length == 0) continue;
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(t);
        }
        return sb.ToString();
    }

    private static string ParagraphText(Paragraph p)
    {
        var sb = new StringBuilder();
        foreach (var e in p.Descendants())
        {
            switch (e)
            {
                case Text t: sb.Append(t.Text); break;
                case TabChar: sb.Append(' '); break;
                case Break: sb.Append('\n'); break;
            }
        }
        return sb.ToString();
    }
}
