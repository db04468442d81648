namespace Shifan.Documents.Bulletins;

/// <summary>
/// The page of a Chinese official document (GB/T 9704-2012 党政机关公文格式), in one place: A4; margins top 37 mm,
/// bottom 35 mm, binding side 28 mm, other side 26 mm (text block 156 × 225 mm); 22 lines of 28 characters;
/// body 3号 仿宋_GB2312, title 2号 小标宋, headings 黑体 / 楷体_GB2312 3号; page numbers 4号 宋体 "— 1 —".
/// Word measures in twentieths of a point (twips): 1 mm = 1440 / 25.4 twips.
/// </summary>
public static class OfficialLayout
{
    public static int Twips(double mm) => (int)Math.Round(mm * 1440 / 25.4);

    public const double PageWidthMm = 210, PageHeightMm = 297;
    public const double TopMm = 37, BottomMm = 35, BindingMm = 28, OuterMm = 26;
    public const double TextWidthMm = PageWidthMm - BindingMm - OuterMm;   // 156
    public const double TextHeightMm = PageHeightMm - TopMm - BottomMm;    // 225
    public const int LinesPerPage = 22, CharsPerLine = 28;

    /// <summary>225 mm ÷ 22 lines, in twips (≈ 28.95 pt): every body line sits on this pitch.</summary>
    public static int LinePitch => (int)Math.Round(TextHeightMm * 1440 / 25.4 / LinesPerPage);

    /// <summary>156 mm ÷ 28 characters, in points (≈ 15.79 pt, a 3号 character squeezed by the grid).</summary>
    public static double CharPitchPt => TextWidthMm * 72 / 25.4 / CharsPerLine;

    /// <summary>
    /// The spacing added to each 3号 character (w:spacing, twentieths of a point; negative) so 28 fit a 156 mm line.
    /// Set on the runs rather than through the document grid's w:charSpace, which LibreOffice reads differently from Word.
    /// </summary>
    public static int BodyCharacterSpacing => (int)Math.Floor((CharPitchPt - BodyPt) * 20);

    public const double BodyPt = 16;        // 3号
    public const double TitlePt = 22;       // 2号
    public const double PageNumberPt = 14;  // 4号
    public const double RecordPt = 14;      // 版记 4号 仿宋
    public const double TablePt = 12;       // 小四: tables of reports, so a row of five columns fits the 156 mm line

    // Fonts as Word and WPS name them; each with the installed face a reader falls back to (named in the font table).
    public const string BodyFont = "仿宋_GB2312", BodyFallback = "仿宋";
    public const string TitleFont = "方正小标宋简体", TitleFallback = "华文中宋";
    public const string HeadingFont = "黑体", HeadingFallback = "SimHei";
    public const string SubheadingFont = "楷体_GB2312", SubheadingFallback = "楷体";
    public const string PageNumberFont = "宋体", PageNumberFallback = "SimSun";
    public const string LatinFont = "Times New Roman";

    /// <summary>The red of the 版头 (发文机关标志 and the separating rule).</summary>
    public const string Red = "FF0000";
}
