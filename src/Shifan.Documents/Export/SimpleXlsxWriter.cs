using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Shifan.Documents.Export;

/// <summary>Writes one sheet of text cells with a bold header row, streaming rows as they come.</summary>
public static class SimpleXlsxWriter
{
    public static void Write(Stream output, string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        Write(output, [(sheetName, header, rows)]);

    /// <summary>Several sheets, each with its bold header row.</summary>
    public static void Write(Stream output, IReadOnlyList<(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string>> Rows)> sheets)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        wb.Workbook = new Workbook();
        var styles = wb.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(new FontSize { Val = 11 }), new Font(new Bold(), new FontSize { Val = 11 })),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border()),
            new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));
        var list = new Sheets();
        var sheetId = 0u;
        foreach (var (sheetName, header, rows) in sheets)
        {
            var sheetPart = wb.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                var rowNo = 0u;
                void WriteRow(IReadOnlyList<string> values, uint style)
                {
                    rowNo++;
                    writer.WriteStartElement(new Row { RowIndex = rowNo });
                    for (var i = 0; i < values.Count; i++)
                    {
                        writer.WriteElement(new Cell
                        {
                            CellReference = FrameworkXlsxWriter.ColumnName(i + 1) + rowNo, DataType = CellValues.InlineString, StyleIndex = style,
                            InlineString = new InlineString(new Text(values[i] ?? "") { Space = SpaceProcessingModeValues.Preserve }),
                        });
                    }
                    writer.WriteEndElement();
                }
                WriteRow(header, 1);
                foreach (var r in rows) WriteRow(r, 0);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            list.AppendChild(new Sheet { Id = wb.GetIdOfPart(sheetPart), SheetId = ++sheetId, Name = sheetName });
        }
        wb.Workbook.AppendChild(list);
        wb.Workbook.Save();
    }
}
