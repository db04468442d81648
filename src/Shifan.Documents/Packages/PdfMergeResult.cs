namespace Shifan.Documents.Packages;

/// <summary>What the worker made of a <see cref="PdfMergeJob"/>: total pages written (0: no PDF written) and each part in job order.</summary>
public sealed record PdfMergeResult(int Pages, IReadOnlyList<PdfMergedPart> Parts);

/// <summary>A part merged from <see cref="FirstPage"/> for <see cref="Pages"/> pages, or not, with the reason in Chinese.</summary>
public sealed record PdfMergedPart(bool Merged, int FirstPage, int Pages, string? Reason);
