using System.Security.Cryptography;

namespace Shifan.Infrastructure.Files;

public sealed record StoredBlob(string Sha256, long Size, string DetectedType, bool AlreadyStored);

public sealed class BlobTooLargeException(long limit) : Exception($"file exceeds {limit} bytes");

/// <summary>
/// Content-addressed file store under data/files: a file is named by its SHA-256, written once,
/// streamed (never held whole in memory) to a temporary name and renamed into place only when
/// complete, so a half-written file is never visible and the same content is stored once.
/// </summary>
public sealed class BlobStore(string root)
{
    private const int BufferSize = 4 << 20;

    public string PathOf(string sha256) => Path.Combine(root, sha256[..2], sha256[2..4], sha256);

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    public Stream OpenRead(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public async Task<StoredBlob> SaveAsync(Stream content, long maxBytes, CancellationToken ct = default)
    {
        var temp = Path.Combine(root, "tmp");
        Directory.CreateDirectory(temp);
        var tempPath = Path.Combine(temp, Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var head = new byte[64];
            var headLength = 0;
            long size = 0;
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                // Two buffers: while one is being written, the other is hashed and refilled.
                var buffers = new[] { System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize), System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize) };
                var pending = Task.CompletedTask;
                try
                {
                    var current = 0;
                    int read;
                    while ((read = await content.ReadAsync(buffers[current].AsMemory(0, BufferSize), ct)) > 0)
                    {
                        var buffer = buffers[current];
                        size += read;
                        if (size > maxBytes) throw new BlobTooLargeException(maxBytes);
                        if (headLength < head.Length)
                        {
                            var take = Math.Min(read, head.Length - headLength);
                            Array.Copy(buffer, 0, head, headLength, take);
                            headLength += take;
                        }
                        await pending;
                        pending = file.WriteAsync(buffer.AsMemory(0, read), ct).AsTask();
                        hash.AppendData(buffer, 0, read);
                        current ^= 1;
                    }
                    await pending;
                }
                finally
                {
                    await pending.ContinueWith(_ => { }, TaskScheduler.Default);
                    foreach (var b in buffers) System.Buffers.ArrayPool<byte>.Shared.Return(b);
                }
                await file.FlushAsync(ct);
            }
            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            var type = FileTypes.Detect(head.AsSpan(0, headLength));
            var final = PathOf(sha);
            if (File.Exists(final)) return new StoredBlob(sha, size, type, true);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            try
            {
                File.Move(tempPath, final);
            }
            catch (IOException) when (File.Exists(final))
            {
                return new StoredBlob(sha, size, type, true);
            }
            return new StoredBlob(sha, size, type, false);
        }
        finally
        {
            if (File.Exists(tempPath)) File.Delete(tempPath);
        }
    }
}

/// <summary>What a file really is, from its first bytes.</summary>
public static class FileTypes
{
    private static bool Starts(ReadOnlySpan<byte> head, ReadOnlySpan<byte> magic) => head.Length >= magic.Length && head[..magic.Length].SequenceEqual(magic);

    public static string Detect(ReadOnlySpan<byte> head)
    {
        if (Starts(head, [0x25, 0x50, 0x44, 0x46])) return "pdf";
        if (Starts(head, [0x89, 0x50, 0x4E, 0x47])) return "png";
        if (Starts(head, [0xFF, 0xD8, 0xFF])) return "jpg";
        if (Starts(head, [0x47, 0x49, 0x46, 0x38])) return "gif";
        if (Starts(head, [0x4D, 0x5A])) return "exe";
        if (Starts(head, [0x7F, 0x45, 0x4C, 0x46])) return "elf";
        if (Starts(head, [0xD0, 0xCF, 0x11, 0xE0])) return "ole";
        if (Starts(head, [0x52, 0x49, 0x46, 0x46]) && head.Length >= 12 && head[8..12].SequenceEqual("AVI "u8)) return "avi";
        if (Starts(head, [0x1A, 0x45, 0xDF, 0xA3])) return "mkv";
        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8)) return "mp4";
        if (Starts(head, [0x50, 0x4B, 0x03, 0x04]))
        {
            var text = System.Text.Encoding.ASCII.GetString(head);
            if (text.Contains("word/")) return "docx";
            if (text.Contains("xl/")) return "xlsx";
            if (text.Contains("OFD.xml")) return "ofd";
            if (text.Contains("[Content_Types]")) return "ooxml";
            return "zip";
        }
        return head.Length > 0 && !head.Contains((byte)0) ? "text" : "unknown";
    }

    /// <summary>Types that are never accepted as evidence.</summary>
    public static bool IsExecutable(string type) => type is "exe" or "elf";
}
