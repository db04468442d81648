using System.IO.Compression;

namespace Shifan.Documents.Import;

/// <summary>Bounds on what an untrusted file may make us read.</summary>
public sealed record ReadLimits
{
    public long MaxFileBytes { get; init; } = 50L * 1024 * 1024;
    public long MaxUncompressedBytes { get; init; } = 300L * 1024 * 1024;
    public int MaxZipEntries { get; init; } = 5000;
    public double MaxCompressionRatio { get; init; } = 200;
    public int MaxRows { get; init; } = 20000;
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromSeconds(20);

    public static ReadLimits Default { get; } = new();

    /// <summary>Checks an OOXML package's zip directory before any part is parsed.</summary>
    public void CheckZip(Stream stream)
    {
        if (stream.Length > MaxFileBytes)
            throw new Frameworks.DocumentReadException($"文件超过大小上限（{MaxFileBytes / 1024 / 1024} MB）");
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxZipEntries) throw new Frameworks.DocumentReadException("文件内部条目过多，疑似恶意压缩包");
            long total = 0;
            foreach (var e in zip.Entries)
            {
                total += e.Length;
                if (total > MaxUncompressedBytes || (e.CompressedLength > 0 && e.Length / (double)e.CompressedLength > MaxCompressionRatio && e.Length > 1024 * 1024))
                    throw new Frameworks.DocumentReadException("文件解压后过大，疑似压缩炸弹，已拒绝读取");
            }
        }
        catch (InvalidDataException ex)
        {
            throw new Frameworks.DocumentReadException("文件已损坏或不完整，无法读取", ex);
        }
        finally
        {
            stream.Position = 0;
        }
    }
}
