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
            var (sha, size, head) = await CopyAndHashAsync(content, tempPath, maxBytes, ct);
            // Zip containers are recognised by their parts (docx, xlsx, odt…), not by which entry comes first.
            var type = Documents.Files.FileSniffer.IsZip(head) ? Documents.Files.FileSniffer.Detect(tempPath) : FileTypes.Detect(head);
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

    /// <summary>One buffer on its way through the pipeline; free again once both the hasher and the writer are done with it.</summary>
    private sealed class Slot(int size)
    {
        public byte[] Buffer { get; } = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        public int Length;
        public int Pending;
    }

    /// <summary>
    /// Three stages at once: this task reads, one task hashes, one writes (each buffer goes to both), so the
    /// time is that of the slowest stage rather than the sum. The file is flushed to disk before it is
    /// renamed into place.
    /// </summary>
    private static async Task<(string Sha, long Size, byte[] Head)> CopyAndHashAsync(Stream content, string path, long maxBytes, CancellationToken ct)
    {
        const int Slots = 4;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var free = System.Threading.Channels.Channel.CreateBounded<Slot>(Slots);
        using var toHash = new System.Collections.Concurrent.BlockingCollection<Slot>(Slots);
        using var toWrite = new System.Collections.Concurrent.BlockingCollection<Slot>(Slots);
        var slots = Enumerable.Range(0, Slots).Select(_ => new Slot(BufferSize)).ToList();
        foreach (var slot in slots) free.Writer.TryWrite(slot);
        void Release(Slot slot)
        {
            if (Interlocked.Decrement(ref slot.Pending) == 0) free.Writer.TryWrite(slot);
        }

        var head = new List<byte>(64);
        long size = 0;
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        var stages = Task.CompletedTask;
        try
        {
            // Dedicated threads, not pool threads: the stages block (hashing, disk writes), and on a small
            // machine blocked pool threads would starve the reader's own awaits. A failing stage cancels the
            // others, so the reader never waits for a buffer that will not come back.
            Task Stage(Action work) => Task.Factory.StartNew(() =>
            {
                try { work(); }
                catch { failed.Cancel(); throw; }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var hasher = Stage(() =>
            {
                foreach (var slot in toHash.GetConsumingEnumerable(failed.Token))
                {
                    hash.AppendData(slot.Buffer, 0, slot.Length);
                    Release(slot);
                }
            });
            var writer = Stage(() =>
            {
                foreach (var slot in toWrite.GetConsumingEnumerable(failed.Token))
                {
                    file.Write(slot.Buffer, 0, slot.Length);
                    Release(slot);
                }
                file.Flush(flushToDisk: true);
            });
            stages = Task.WhenAll(hasher, writer);
            try
            {
                while (true)
                {
                    var slot = await free.Reader.ReadAsync(failed.Token);
                    var read = await content.ReadAsync(slot.Buffer.AsMemory(0, BufferSize), failed.Token);
                    if (read == 0) break;
                    size += read;
                    if (size > maxBytes) throw new BlobTooLargeException(maxBytes);
                    for (var i = 0; head.Count < 64 && i < read; i++) head.Add(slot.Buffer[i]);
                    slot.Length = read;
                    slot.Pending = 2;
                    // Never blocks: there are only as many buffers as either queue holds.
                    toHash.Add(slot, failed.Token);
                    toWrite.Add(slot, failed.Token);
                }
            }
            catch (OperationCanceledException) when (stages.IsFaulted)
            {
                // The reader stopped because a stage failed: report that failure.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(stages.Exception!.InnerException!);
            }
            finally
            {
                toHash.CompleteAdding();
                toWrite.CompleteAdding();
            }
            await stages;
        }
        finally
        {
            if (!stages.IsCompletedSuccessfully)
            {
                // Leaving early: stop the stages and wait until they no longer touch the buffers or the file.
                await failed.CancelAsync();
                await stages.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            await file.DisposeAsync();
            foreach (var slot in slots) System.Buffers.ArrayPool<byte>.Shared.Return(slot.Buffer);
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), size, head.ToArray());
    }
}

/// <summary>What a file really is: the one sniffer of <see cref="Documents.Files.FileSniffer"/>, for uploads and imports alike.</summary>
public static class FileTypes
{
    public static string Detect(ReadOnlySpan<byte> head) => Documents.Files.FileSniffer.DetectHead(head);

    /// <summary>Types that are never accepted as evidence.</summary>
    public static bool IsExecutable(string type) => type is "exe" or "elf";
}
