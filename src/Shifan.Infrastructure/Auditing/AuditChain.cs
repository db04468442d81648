using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Shifan.Infrastructure.Auditing;

/// <summary>
/// The audit key and the checkpoint file. The key (32 random bytes) is configured or kept in a file
/// under the data folder readable only by the owner, never in the database; records are chained with
/// HMAC-SHA256 under it. After each commit the writer appends a signed checkpoint of the head to an
/// append-only file, so truncating the newest records or recomputing the chain is detected.
/// </summary>
public sealed class AuditChain(string keyFile, string checkpointFile, string? configuredKey = null, ILogger<AuditChain>? log = null)
{
    private readonly ILogger log = (ILogger?)log ?? NullLogger.Instance;
    private readonly Lock gate = new();
    private byte[]? key;
    private long? keyedFrom;

    public string KeyFile => keyFile;
    public string CheckpointFile => checkpointFile;

    /// <summary>The first record chained with the key, once known (it never changes).</summary>
    public long? KeyedFrom
    {
        get { lock (gate) return keyedFrom; }
    }

    /// <summary>The key, or null when none is configured and the key file does not exist.</summary>
    public byte[]? TryLoadKey()
    {
        lock (gate)
        {
            if (key is not null) return key;
            if (!string.IsNullOrWhiteSpace(configuredKey)) return key = Decode(configuredKey, "Shifan:Audit:Key");
            if (!File.Exists(keyFile)) return null;
            return key = Decode(File.ReadAllText(keyFile), keyFile);
        }
    }

    /// <summary>
    /// The key; a new one is created (owner-only file) only when <paramref name="mayCreate"/>, that is
    /// when no record was ever chained with a key. A lost key is never silently replaced.
    /// </summary>
    public byte[] Key(bool mayCreate)
    {
        if (TryLoadKey() is { } existing) return existing;
        if (!mayCreate || File.Exists(checkpointFile))
            throw new InvalidOperationException($"操作日志密钥缺失（{keyFile}）：请从备份恢复该文件，或用 Shifan:Audit:Key 配置原密钥");
        lock (gate)
        {
            CreateOwnerOnlyDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
            var fresh = RandomNumberGenerator.GetBytes(32);
            try
            {
                using var fs = new FileStream(keyFile, OwnerOnly(FileMode.CreateNew, FileShare.None));
                fs.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh) + "\n"));
                fs.Flush(flushToDisk: true);
                log.LogWarning("Created the audit chain key {KeyFile}; back it up with the database", keyFile);
                return key = fresh;
            }
            catch (IOException) when (File.Exists(keyFile))
            {
                // Another process created it first: use theirs.
                return key = Decode(File.ReadAllText(keyFile), keyFile);
            }
        }
    }

    public static string KeyIdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    /// <summary>Remembers the upgrade point once a keyed record is committed.</summary>
    public void Committed(long id, string hash, long firstKeyed)
    {
        lock (gate) keyedFrom ??= firstKeyed;
        var k = TryLoadKey();
        if (k is null) return;
        var at = DateTimeOffset.UtcNow;
        var checkpoint = new AuditCheckpoint(id, hash, firstKeyed, at, KeyIdOf(k), "");
        checkpoint = checkpoint with { Mac = MacOf(k, checkpoint) };
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(checkpoint) + "\n");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                CreateOwnerOnlyDirectory(Path.GetDirectoryName(Path.GetFullPath(checkpointFile))!);
                // One write of one short line with O_APPEND: lines of several processes never interleave.
                using var fs = new FileStream(checkpointFile, OwnerOnly(FileMode.Append, FileShare.ReadWrite | FileShare.Delete));
                fs.Write(line);
                return;
            }
            catch (IOException ex) when (attempt < 5)
            {
                log.LogDebug(ex, "Checkpoint append retried");
                Thread.Sleep(20);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The change is committed; failing the request now would only make the user retry it.
                log.LogError(ex, "Could not write audit checkpoint {Id} to {File}", id, checkpointFile);
                return;
            }
        }
    }

    public static string MacOf(byte[] key, AuditCheckpoint c) => Convert.ToHexStringLower(HMACSHA256.HashData(key,
        Encoding.UTF8.GetBytes($"shifan-audit-checkpoint\n{c.Id}\n{c.Hash}\n{c.KeyedFrom}\n{c.At.UtcDateTime:O}\n{c.KeyId}")));

    /// <summary>The checkpoints in the file (none when it does not exist), with the numbers of lines that do not parse.</summary>
    public (List<AuditCheckpoint> Checkpoints, List<int> BadLines) ReadCheckpoints()
    {
        var list = new List<AuditCheckpoint>();
        var bad = new List<int>();
        if (!File.Exists(checkpointFile)) return (list, bad);
        using var fs = new FileStream(checkpointFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(fs, Encoding.UTF8);
        var no = 0;
        while (reader.ReadLine() is { } line)
        {
            no++;
            if (line.Length == 0) continue;
            try
            {
                if (JsonSerializer.Deserialize<AuditCheckpoint>(line) is { } c) list.Add(c);
                else bad.Add(no);
            }
            catch (JsonException)
            {
                bad.Add(no);
            }
        }
        return (list, bad);
    }

    private static byte[] Decode(string text, string source)
    {
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            if (bytes.Length >= 16) return bytes;
        }
        catch (FormatException) { }
        throw new InvalidOperationException($"操作日志密钥格式不正确（{source}）：应为至少16字节的Base64");
    }

    private static FileStreamOptions OwnerOnly(FileMode mode, FileShare share)
    {
        var o = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = share };
        if (!OperatingSystem.IsWindows()) o.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return o;
    }

    private static void CreateOwnerOnlyDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
