using System.IO.Compression;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Import;

/// <summary>
/// Bounds on what an untrusted file may make us read. The readers check them as they go; the worker
/// process that runs them (ADR "untrusted files in a worker") is the last line when a parser itself misbehaves.
/// </summary>
public sealed record ReadLimits
{
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;
    public long MaxUncompressedBytes { get; init; } = 300L * 1024 * 1024;
    /// <summary>Any one zip part after decompression: a tree parser's memory grows with it.</summary>
    public long MaxPartBytes { get; init; } = 64L * 1024 * 1024;
    public int MaxZipEntries { get; init; } = 5000;
    public double MaxCompressionRatio { get; init; } = 200;
    /// <summary>Element nesting in any XML part; Word nests tables in cells, but not 100 deep.</summary>
    public int MaxXmlDepth { get; init; } = 100;
    /// <summary>Elements in any XML part (a 20,000-row sheet of 20 columns has about a million).</summary>
    public long MaxXmlElements { get; init; } = 2_000_000;
    /// <summary>Nesting of PDF objects and of the page tree (PdfPig's stack depth guard).</summary>
    public int MaxPdfDepth { get; init; } = 100;
    public int MaxPdfPages { get; init; } = 2000;
    public int MaxRows { get; init; } = 20000;
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromSeconds(20);

    public static ReadLimits Default { get; } = new();

    /// <summary>Checks an OOXML package's zip directory before any part is parsed.</summary>
    public void CheckZip(Stream stream)
    {
        if (stream.Length > MaxFileBytes)
            throw new DocumentReadException($"文件超过大小上限（{MaxFileBytes / 1024 / 1024} MB）");
        try
        {
            // Declared sizes can be trusted as upper bounds: ZipArchive stops a part's stream at its declared length.
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxZipEntries) throw new DocumentReadException("文件内部条目过多，疑似恶意压缩包");
            long total = 0;
            foreach (var e in zip.Entries)
            {
                total += e.Length;
                if (total > MaxUncompressedBytes || (e.CompressedLength > 0 && e.Length / (double)e.CompressedLength > MaxCompressionRatio && e.Length > 1024 * 1024))
                    throw new DocumentReadException("文件解压后过大，疑似压缩炸弹，已拒绝读取");
                if (e.Length > MaxPartBytes)
                    throw new DocumentReadException($"文件内部的 {e.FullName} 解压后 {Megabytes(e.Length)} MB，超过单个部件 {Megabytes(MaxPartBytes)} MB 的上限，已拒绝读取");
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DocumentReadException("文件已损坏或不完整，无法读取", ex);
        }
        finally
        {
            stream.Position = 0;
        }
    }

    /// <summary>
    /// Streams every XML part of an OOXML package once, checking nesting depth, element count and
    /// time, so a part is only ever loaded as a tree once it is known to be bounded.
    /// </summary>
    public void CheckXmlParts(Stream stream)
    {
        var started = DateTime.UtcNow;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var e in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)))
            {
                using var part = e.Open();
                LimitedXml.Walk(part, e.FullName, this, started);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DocumentReadException("文件已损坏或不完整，无法读取", ex);
        }
        finally
        {
            stream.Position = 0;
        }
    }

    internal static long Megabytes(long bytes) => (bytes + 1024 * 1024 - 1) / (1024 * 1024);
}
