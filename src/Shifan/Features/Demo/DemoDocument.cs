using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Shifan.Features.Demo;

/// <summary>A small Word document for the demo's handed-in material: a title and one paragraph, in 仿宋 on A4.</summary>
public static class DemoDocument
{
    public static byte[] Build(string title, string body)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            Paragraph Para(string text, bool heading) => new(
                new ParagraphProperties(new Justification { Val = heading ? JustificationValues.Center : JustificationValues.Both },
                    new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact }),
                new Run(new RunProperties(new RunFonts { EastAsia = heading ? "方正小标宋简体" : "仿宋_GB2312", Ascii = "Times New Roman" },
                    new FontSize { Val = heading ? "44" : "32" }), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            main.Document = new Document(new Body(
                Para(title, heading: true),
                Para("    " + body, heading: false),
                new SectionProperties(new PageSize { Width = 11906, Height = 16838 },
                    new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U })));
            main.Document.Save();
        }
        return stream.ToArray();
    }
}
