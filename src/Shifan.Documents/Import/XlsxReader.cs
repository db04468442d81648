using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Import;

/// <summary>Reads each worksheet of an .xlsx as a grid; a merged range reads as its top-left value in every cell.</summary>
public static class XlsxReader
{
    public static List<TableGrid> Read(Stream stream, ReadLimits limits)
    {
        limits.CheckZip(stream);
        limits.CheckXmlParts(stream);
        SpreadsheetDocument doc;
        try
        {
            doc = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = limits.MaxUncompressedBytes / 2 });
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or XmlException or FileFormatException or IOException)
        {
            throw new DocumentReadException("不是有效的Excel文件（.xlsx），或文件已损坏", ex);
        }
        using (doc)
        {
            var wb = doc.WorkbookPart ?? throw new DocumentReadException("Excel文件没有工作表");
            var shared = wb.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var grids = new List<TableGrid>();
            try
            {
                foreach (var sheet in wb.Workbook?.Sheets?.Elements<Sheet>() ?? [])
                {
                    if (sheet.Id?.Value is not { } id || wb.GetPartById(id) is not WorksheetPart part) continue;
                    grids.Add(ReadSheet(part, sheet.Name?.Value ?? "Sheet", shared, limits));
                }
            }
            catch (XmlException ex)
            {
                throw new DocumentReadException("Excel文件内容格式错误（可能含有不安全的XML实体）", ex);
            }
            return grids;
        }
    }

    private static TableGrid ReadSheet(WorksheetPart part, string name, List<string> shared, ReadLimits limits)
    {
        var cells = new Dictionary<(int Row, int Col), string>();
        var maxRow = 0;
        var maxCol = 0;
        foreach (var row in part.Worksheet?.Descendants<Row>() ?? [])
        {
            foreach (var cell in row.Elements<Cell>())
            {
                if (cell.CellReference?.Value is not { } reference) continue;
                var (r, c) = Parse(reference);
                if (r > limits.MaxRows) throw new DocumentReadException($"工作表行数超过上限（{limits.MaxRows}行）");
                var value = cell.DataType?.Value == CellValues.SharedString && int.TryParse(cell.CellValue?.Text, out var si) && si < shared.Count
                    ? shared[si]
                    : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? "" : cell.CellValue?.Text ?? "";
                if (value.Length == 0) continue;
                cells[(r, c)] = value;
                maxRow = Math.Max(maxRow, r);
                maxCol = Math.Max(maxCol, c);
            }
        }
        foreach (var merge in part.Worksheet?.Descendants<MergeCell>() ?? [])
        {
            var range = merge.Reference?.Value?.Split(':');
            if (range is not { Length: 2 }) continue;
            var (r1, c1) = Parse(range[0]);
            var (r2, c2) = Parse(range[1]);
            if ((long)(r2 - r1 + 1) * (c2 - c1 + 1) > 100_000) continue;
            if (!cells.TryGetValue((r1, c1), out var v)) continue;
            for (var r = r1; r <= r2; r++)
                for (var c = c1; c <= c2; c++)
                    cells[(r, c)] = v;
        }
        var grid = new TableGrid { Location = $"工作表“{name}”" };
        for (var r = 1; r <= maxRow; r++)
        {
            var row = new string[maxCol];
            for (var c = 1; c <= maxCol; c++) row[c - 1] = cells.GetValueOrDefault((r, c), "");
            grid.Rows.Add(new GridRow($"工作表“{name}”第{r}行", row));
        }
        return grid;
    }

    private static (int Row, int Col) Parse(string reference)
    {
        var col = 0;
        var i = 0;
        for (; i < reference.Length && char.IsLetter(reference[i]); i++) col = col * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        return (int.TryParse(reference.AsSpan(i), out var row) ? row : 0, col);
    }
}
