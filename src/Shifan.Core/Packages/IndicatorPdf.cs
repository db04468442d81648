namespace Shifan.Core.Packages;

/// <summary>
/// The merged PDF of one indicator, made when a package is built (not frozen: it is a reading copy derived from the
/// frozen files, which stay the record). <see cref="Path"/> is its place in the zip; <see cref="File"/> the finished
/// PDF on disk while the build runs, null when nothing could be merged (then <see cref="Failure"/> may say why).
/// </summary>
public sealed record IndicatorPdf(string Path, string IndicatorCode, string IndicatorTitle, int Pages, IReadOnlyList<IndicatorPdfPart> Parts, string? Failure, string? File)
{
    /// <summary>The suffix of a merged PDF's name: "&lt;indicator folder&gt;/&lt;indicator code&gt;-合并.pdf".</summary>
    public const string Suffix = "-合并.pdf";

    public static string PathFor(string folder, string indicatorCode) => $"{folder}/{PackageNaming.Clean(indicatorCode + "-合并", 60)}.pdf";

    /// <summary>
    /// The merged PDFs a package of this manifest may hold: one per indicator folder with files (the 自评报告 at the root
    /// has none), in manifest order, each with its files in order. A name the manifest itself uses is never taken.
    /// </summary>
    public static IReadOnlyList<(string Path, string IndicatorCode, string IndicatorTitle, IReadOnlyList<PackageFile> Files)> Plan(PackageManifest manifest)
    {
        var listed = manifest.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return manifest.Files
            .Where(f => f.IndicatorCode.Length > 0 && f.Path.Contains('/'))
            .GroupBy(f => (Folder: f.Path[..f.Path.LastIndexOf('/')], f.IndicatorCode))
            .Select(g => (Path: PathFor(g.Key.Folder, g.Key.IndicatorCode), g.Key.IndicatorCode, g.First().IndicatorTitle, (IReadOnlyList<PackageFile>)g.ToList()))
            .Where(p => !listed.Contains(p.Path))
            .ToList();
    }
}

/// <summary>One material of an indicator's merged PDF: merged from <see cref="FirstPage"/> for <see cref="Pages"/> pages, or not converted and why (Chinese).</summary>
public sealed record IndicatorPdfPart(string FilePath, string Title, bool Merged, int FirstPage, int Pages, string? Reason);
