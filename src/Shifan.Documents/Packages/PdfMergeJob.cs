namespace Shifan.Documents.Packages;

/// <summary>
/// What the untrusted-file worker merges into one indicator's PDF (`shifan worker merge-pdf JOB.json`): the parts in
/// order, where to write the PDF, a work folder of its own, and LibreOffice's path when it is installed (null: Office
/// files are not converted). Written by the server, so trusted; the files it names are not.
/// </summary>
public sealed record PdfMergeJob
{
    public required string Output { get; init; }
    public required string WorkDirectory { get; init; }
    public string? Soffice { get; init; }
    /// <summary>LibreOffice's profile; the indicators of one build share one (made once, the slow part of its first start). Default: in the work folder.</summary>
    public string? ProfileDirectory { get; init; }
    /// <summary>Time LibreOffice gets per file converted (the batch of an indicator gets this times its files).</summary>
    public int ConvertSecondsPerFile { get; init; } = 60;
    /// <summary>Input bytes one indicator's PDF takes at most; parts past it are listed as not converted.</summary>
    public long MaxBytes { get; init; } = 500L * 1024 * 1024;
    /// <summary>Bytes of any one file (a PDF is read whole).</summary>
    public long MaxFileBytes { get; init; } = 200L * 1024 * 1024;
    /// <summary>Pages of one indicator's PDF at most.</summary>
    public int MaxPages { get; init; } = 5000;
    public required IReadOnlyList<PdfMergePart> Parts { get; init; }
}

/// <summary>One file to merge: its path, its bookmark title, the type detected at upload and its extension (LibreOffice goes by it).</summary>
public sealed record PdfMergePart(string Path, string Title, string Type, string Extension);
