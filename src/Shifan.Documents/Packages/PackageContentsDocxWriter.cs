using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Shifan.Core;
using Shifan.Core.Packages;

namespace Shifan.Documents.Packages;

/// <summary>
/// 目录 of a package as Word: the GB/T 9704 page (A4, margins 37/35/28/26 mm, page numbers "— 1 —"),
/// a title, which freeze it is, then per 一级指标 a table of every file (指标, 材料序号, 材料名称, 文件名, 大小),
/// the classified items shown at the site visit, the material given as web addresses, and (when the build made
/// them) each indicator's merged PDF: which materials it holds from which page, and which were not converted and why.
/// </summary>
public static class PackageContentsDocxWriter
{
    /// <summary>A4 width less the 28 mm and 26 mm side margins, in twentieths of a point.</summary>
    private const int TextWidth = 11906 - 1588 - 1474;

    private static readonly int[] FileColumns = [600, 2700, 700, 2200, 2400, 900];

    public static void Write(Stream output, PackageManifest m, IReadOnlyList<IndicatorPdf>? merged = null)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        var footer = main.AddNewPart<FooterPart>();
        footer.Footer = new Footer(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            Run("— ", "宋体", 28), new SimpleField(Run("1", "宋体", 28)) { Instruction = " PAGE " }, Run(" —", "宋体", 28)));
        var body = new Body();
        body.Append(Para(JustificationValues.Center, 240, Run($"{m.CampaignName}", "方正小标宋简体", 44)));
        body.Append(Para(JustificationValues.Center, 240, Run("申报材料目录", "方正小标宋简体", 44)));
        body.Append(Para(JustificationValues.Center, 120, Run(
            $"第{m.FreezeNo}次冻结　{ChinaTime.Format(m.FrozenAt)}　{m.FrameworkName}（第{m.FrameworkVersion}版）", "楷体", 24)));
        body.Append(Para(JustificationValues.Center, 240, Run(
            $"共{m.Files.Count}个文件，{Size(m.TotalSize)}；每个文件的SHA-256与SM3见 manifest.xlsx", "楷体", 24)));

        var no = 0;
        foreach (var area in m.Files.GroupBy(f => f.AreaCode))
        {
            var folder = area.First().Path.Split('/')[0];
            body.Append(Para(JustificationValues.Left, 120, Run(area.Key.Length > 0 ? folder : area.All(f => !f.Path.Contains('/')) ? "自评报告" : "其他指标", "黑体", 28)));
            var table = NewTable(FileColumns);
            table.Append(Row(["序号", "指标", "材料序号", "材料名称", "文件", "大小"], FileColumns, header: true));
            foreach (var f in area)
                table.Append(Row([(++no).ToString(), f.IndicatorCode.Length > 0 ? $"{f.IndicatorCode}. {Short(f.IndicatorTitle, 30)}" : f.IndicatorTitle, f.MaterialNo.ToString(), f.Title, f.Path.Split('/')[^1], Size(f.Size)], FileColumns, header: false));
            body.Append(table);
        }
        if (m.Registrations.Count > 0)
        {
            int[] cols = [1200, 700, 3000, 1200, 2744];
            body.Append(Para(JustificationValues.Left, 120, Run("涉密材料（不在申报包中，现场查阅）", "黑体", 28)));
            var table = NewTable(cols);
            table.Append(Row(["指标", "材料序号", "材料名称", "密级", "保管地点"], cols, header: true));
            foreach (var r in m.Registrations) table.Append(Row([r.IndicatorCode, r.MaterialNo.ToString(), r.Title, r.SecrecyLevel ?? "", $"{r.KeptAt}{(r.Holder is { } h ? $"（{h}）" : "")}"], cols, header: false));
            body.Append(table);
        }
        if (m.Links.Count > 0)
        {
            int[] cols = [1200, 700, 3000, 3944];
            body.Append(Para(JustificationValues.Left, 120, Run("以网址提供的材料", "黑体", 28)));
            var table = NewTable(cols);
            table.Append(Row(["指标", "材料序号", "材料名称", "网址"], cols, header: true));
            foreach (var l in m.Links) table.Append(Row([l.IndicatorCode, l.MaterialNo.ToString(), l.Title, l.Url], cols, header: false));
            body.Append(table);
        }
        if (merged is { Count: > 0 })
        {
            int[] cols = [1000, 3000, 3000, 1944];
            body.Append(Para(JustificationValues.Left, 120, Run("各指标合并PDF（阅读用，由上列文件生成，书签为材料文件名）", "黑体", 28)));
            var table = NewTable(cols);
            table.Append(Row(["指标", "合并PDF", "材料文件", "结果"], cols, header: true));
            foreach (var pdf in merged)
                foreach (var part in pdf.Parts)
                    table.Append(Row([pdf.IndicatorCode, pdf.File is null ? "（未生成）" : pdf.Path.Split('/')[^1], part.FilePath.Split('/')[^1],
                        part.Merged ? $"已合并：第{part.FirstPage}页起，共{part.Pages}页" : $"未转换：{part.Reason}"], cols, header: false));
            body.Append(table);
        }
        body.Append(new SectionProperties(
            new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
            new PageSize { Width = 11906, Height = 16838 },
            new PageMargin { Top = 2098, Bottom = 1984, Left = 1588, Right = 1474, Header = 851, Footer = 992, Gutter = 0 }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.#} MB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.##} GB",
    };

    private static string Short(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    private static Run Run(string text, string font, int halfPoints) =>
        new(new RunProperties(new RunFonts { EastAsia = font, Ascii = "Times New Roman", HighAnsi = "Times New Roman" }, new FontSize { Val = halfPoints.ToString() }),
            new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static Paragraph Para(JustificationValues align, int after, params OpenXmlElement[] runs) =>
        new(new OpenXmlElement[] { new ParagraphProperties(new SpacingBetweenLines { Before = "120", After = after.ToString() }, new Justification { Val = align }) }.Concat(runs));

    private static Table NewTable(int[] widths)
    {
        var scale = TextWidth / (double)widths.Sum();
        var table = new Table(new TableProperties(new TableWidth { Type = TableWidthUnitValues.Dxa, Width = TextWidth.ToString() },
            new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }), new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = ((int)(w * scale)).ToString() })));
        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, bool header)
    {
        var scale = TextWidth / (double)widths.Sum();
        var row = new TableRow(header ? new TableRowProperties(new TableHeader(), new CantSplit()) : new TableRowProperties(new CantSplit()));
        for (var i = 0; i < cells.Count; i++)
        {
            var rp = new RunProperties(new RunFonts { EastAsia = header ? "黑体" : "宋体", Ascii = "Times New Roman", HighAnsi = "Times New Roman" }, new FontSize { Val = "21" });
            row.Append(new TableCell(
                new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = ((int)(widths[i] * scale)).ToString() },
                    new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }),
                new Paragraph(new ParagraphProperties(new Justification { Val = header || i is 0 or 2 or 5 ? JustificationValues.Center : JustificationValues.Left }),
                    new Run(rp, new Text(cells[i]) { Space = SpaceProcessingModeValues.Preserve }))));
        }
        return row;
    }
}
