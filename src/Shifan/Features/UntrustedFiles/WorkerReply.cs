using Shifan.Documents.Frameworks;

namespace Shifan.Features.UntrustedFiles;

/// <summary>
/// What a worker process writes to standard output as JSON: the result, or the Chinese reason the
/// file was refused by a reader's limits (a refusal is final; a crash or a timeout is not a reply).
/// </summary>
public sealed record WorkerReply
{
    public string? Text { get; init; }
    public FrameworkFile? Framework { get; init; }
    public Shifan.Documents.Packages.PdfMergeResult? Merge { get; init; }
    public string? Refusal { get; init; }
}
