using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Shifan.Documents.Export;

/// <summary>A 情况说明 as a Word document: centred title, the text in paragraphs, the unit and date at the end.</summary>
public static class ExplanationDocxWriter
{
    public static void Write(Stream output, string title, string text, string unit, DateOnly date)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        var body = new Body();
        RunProperties Font(int halfPoints, bool bold = false)
        {
            var rp = new RunProperties(new RunFonts { EastAsia = "仿宋", Ascii = "Times New Roman", HighAnsi = "Times New Roman" }, new FontSize { Val = halfPoints.ToString() });
            if (bold) rp.Bold = new Bold();
            return rp;
        }
        body.Append(new Paragraph(new ParagraphProperties(new SpacingBetweenLines { After = "240" }, new Justification { Val = JustificationValues.Center }),
            new Run(Font(36, bold: true), new Text(title))));
        foreach (var paragraph in text.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            body.Append(new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact }, new Indentation { FirstLineChars = 200 }),
                new Run(Font(32), new Text(paragraph.Trim()) { Space = SpaceProcessingModeValues.Preserve })));
        foreach (var line in new[] { unit, $"{date.Year}年{date.Month}月{date.Day}日" })
            body.Append(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Right }), new Run(Font(32), new Text(line))));
        body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 }, new PageMargin { Top = 2098, Bottom = 1984, Left = 1588, Right = 1474, Header = 851, Footer = 992, Gutter = 0 }));
        main.Document = new Document(body);
        main.Document.Save();
    }
}
