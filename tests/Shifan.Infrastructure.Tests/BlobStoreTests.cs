using System.Security.Cryptography;
using Shifan.Infrastructure.Files;
using Shifan.TestSupport;

namespace Shifan.Infrastructure.Tests;

public class BlobStoreTests
{
    [Fact]
    public async Task StoresByHashOnceAndLeavesNoTemporaryFiles()
    {
        using var dir = new TempDirectory();
        var store = new BlobStore(dir.Path);
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var first = await store.SaveAsync(new MemoryStream(bytes), long.MaxValue);
        var second = await store.SaveAsync(new MemoryStream(bytes), long.MaxValue);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), first.Sha256);
        Assert.False(first.AlreadyStored);
        Assert.True(second.AlreadyStored);
        Assert.Equal(bytes.Length, first.Size);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(first.Sha256)));
        Assert.Single(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ALargeFileCyclingThroughEveryBufferIsStoredExactly()
    {
        using var dir = new TempDirectory();
        var store = new BlobStore(dir.Path);
        // More than the pipeline's four 4 MB buffers, read in odd-sized pieces, so buffers are reused mid-file.
        var bytes = RandomNumberGenerator.GetBytes(37 * 1024 * 1024 + 5);
        var blob = await store.SaveAsync(new TrickleStream(bytes, 3 * 1024 * 1024 + 1), long.MaxValue);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), blob.Sha256);
        Assert.Equal(bytes.Length, blob.Size);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(blob.Sha256)));
        Assert.Single(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ACancelledUploadStopsAndLeavesNothingBehind()
    {
        using var dir = new TempDirectory();
        var store = new BlobStore(dir.Path);
        using var cts = new CancellationTokenSource();
        var stream = new TrickleStream(new byte[64 * 1024 * 1024], 1024 * 1024, afterReads: () => cts.Cancel(), cancelAt: 5);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveAsync(stream, long.MaxValue, cts.Token));
        Assert.Empty(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AFileOverTheLimitLeavesNothingBehind()
    {
        using var dir = new TempDirectory();
        var store = new BlobStore(dir.Path);
        await Assert.ThrowsAsync<BlobTooLargeException>(() => store.SaveAsync(new MemoryStream(new byte[10_000]), 4096));
        Assert.Empty(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AnInterruptedUploadLeavesNothingBehind()
    {
        using var dir = new TempDirectory();
        var store = new BlobStore(dir.Path);
        await Assert.ThrowsAsync<IOException>(() => store.SaveAsync(new FailingStream(), long.MaxValue));
        Assert.Empty(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "pdf")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00 }, "exe")]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46 }, "elf")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "jpg")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1 }, "ole")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6D, 0x70, 0x34, 0x32 }, "mp4")]
    public void DetectsTypesByContent(byte[] head, string type) => Assert.Equal(type, FileTypes.Detect(head));

    /// <summary>Hands out its bytes in pieces of at most <c>piece</c>; can call back after a given number of reads.</summary>
    private sealed class TrickleStream(byte[] data, int piece, Action? afterReads = null, int cancelAt = int.MaxValue) : Stream
    {
        private int reads;
        private int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (++reads == cancelAt) afterReads?.Invoke();
            var n = Math.Min(Math.Min(count, piece), data.Length - position);
            Array.Copy(data, position, buffer, offset, n);
            position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            return Task.FromResult(Read(buffer, offset, count));
        }
    }

    private sealed class FailingStream : Stream
    {
        private int calls;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set { } }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (++calls > 2) throw new IOException("connection reset");
            Array.Fill(buffer, (byte)'x', offset, Math.Min(count, 1000));
            return Math.Min(count, 1000);
        }
    }
}
