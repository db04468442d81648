using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using L = Shifan.Documents.Bulletins.OfficialLayout;

namespace Shifan.Documents.Bulletins;

/// <summary>
/// The parts every official document (通报, 报告) shares: the font table naming each GB/T 9704 font with its fallback,
/// the default style on the exact line pitch, and the "— 1 —" page-number footers. Written once, used by each writer.
/// </summary>
internal static class OfficialDocxParts
{
    public static string Half(double pt) => ((int)Math.Round(pt * 2)).ToString();

    public static RunFonts Fonts(string eastAsia) => new() { EastAsia = eastAsia, Ascii = L.LatinFont, HighAnsi = L.LatinFont, Hint = FontTypeHintValues.EastAsia };

    public static FooterPart AddFooter(MainDocumentPart main, JustificationValues align, Indentation indent)
    {
        var part = main.AddNewPart<FooterPart>();
        Run Dash(string text) => new(
            new RunProperties(Fonts(L.PageNumberFont), new FontSize { Val = Half(L.PageNumberPt) }, new FontSizeComplexScript { Val = Half(L.PageNumberPt) }),
            new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        var page = new SimpleField(Dash("1")) { Instruction = " PAGE " };
        part.Footer = new Footer(new Paragraph(new ParagraphProperties(indent, new Justification { Val = align }), Dash("— "), page, Dash(" —")));
        part.Footer.Save();
        return part;
    }

    public static void AddFonts(MainDocumentPart main)
    {
        var part = main.AddNewPart<FontTablePart>();
        Font F(string name, string alt, FontFamilyValues family) => new(
            new AltName { Val = alt }, new FontCharSet { Val = "86" }, new FontFamily { Val = family }, new Pitch { Val = FontPitchValues.Variable }) { Name = name };
        part.Fonts = new Fonts(
            F(L.BodyFont, L.BodyFallback, FontFamilyValues.Modern), F(L.TitleFont, L.TitleFallback, FontFamilyValues.Script),
            F(L.HeadingFont, L.HeadingFallback, FontFamilyValues.Modern), F(L.SubheadingFont, L.SubheadingFallback, FontFamilyValues.Modern),
            F(L.PageNumberFont, L.PageNumberFallback, FontFamilyValues.Auto),
            new Font(new FontCharSet { Val = "00" }, new FontFamily { Val = FontFamilyValues.Roman }, new Pitch { Val = FontPitchValues.Variable }) { Name = L.LatinFont });
        part.Fonts.Save();
    }

    public static void AddStyles(MainDocumentPart main)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        part.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(Fonts(L.BodyFont), new FontSize { Val = Half(L.BodyPt) }, new FontSizeComplexScript { Val = Half(L.BodyPt) },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { Line = L.LinePitch.ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
        part.Styles.Save();
    }
}
