using System.Security.Cryptography;

namespace Shifan.Documents.Packages;

/// <summary>
/// SHA-256 and SM3 (GB/T 32905, the hash Chinese archives and 密评 expect) of the same bytes in one pass,
/// so a file is read once however many hashes are asked of it. SM3 is the package's own (<see cref="Sm3"/>),
/// checked against BouncyCastle in tests: it is the slower of the two and sets verify's speed.
/// </summary>
public sealed class PackageHash : IDisposable
{
    private readonly IncrementalHash sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Sm3 sm3 = new();

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        sha.AppendData(data);
        sm3.Append(data);
        Length += data.Length;
    }

    public (string Sha256, string Sm3) Finish()
    {
        Span<byte> sm = stackalloc byte[32];
        sm3.Finish(sm);
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), Convert.ToHexStringLower(sm));
    }

    public static (string Sha256, string Sm3) Of(ReadOnlySpan<byte> data)
    {
        using var h = new PackageHash();
        h.Append(data);
        return h.Finish();
    }

    /// <summary>Reads the stream to its end in pooled 1 MB buffers; never holds it whole.</summary>
    public static async Task<(string Sha256, string Sm3, long Size)> OfAsync(Stream stream, CancellationToken ct = default)
    {
        using var h = new PackageHash();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, 1 << 20), ct)) > 0) h.Append(buffer.AsSpan(0, read));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        var (s, m) = h.Finish();
        return (s, m, h.Length);
    }

    public void Dispose() => sha.Dispose();
}
