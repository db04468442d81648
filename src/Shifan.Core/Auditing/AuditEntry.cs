using System.Security.Cryptography;
using System.Text;

namespace Shifan.Core.Auditing;

/// <summary>
/// An append-only record of a change. Each record carries the hash of the previous one, so
/// removing or altering any record breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string Entity { get; set; } = "";
    public string EntityId { get; set; } = "";
    /// <summary>JSON of changed fields: {"field":{"before":…,"after":…}}.</summary>
    public string Changes { get; set; } = "{}";
    /// <summary>The campaign the changed object belongs to, for scoping who may read the record; null for system-wide objects.</summary>
    public int? CampaignId { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    /// <summary>0: plain SHA-256 (records written before the chain was keyed); 1: HMAC-SHA256 with the installation's audit key.</summary>
    public int KeyVersion { get; set; }

    public const int Keyed = 1;

    /// <summary>Plain SHA-256 of the fields (how records were chained before the key).</summary>
    public string ComputeHash() => ComputeHash(null);

    /// <summary>HMAC-SHA256 of the fields with <paramref name="key"/>, or plain SHA-256 without one.</summary>
    public string ComputeHash(byte[]? key)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join('\u001f', PreviousHash, At.UtcDateTime.ToString("O"), Actor, Action, Entity, EntityId, Changes));
        return Convert.ToHexStringLower(key is null ? SHA256.HashData(payload) : HMACSHA256.HashData(key, payload));
    }

    /// <summary>Returns the first record whose chain is broken, or null when all are intact.</summary>
    public static AuditEntry? FirstBroken(IEnumerable<AuditEntry> ordered)
    {
        var previous = "";
        foreach (var e in ordered)
        {
            if (e.PreviousHash != previous || e.Hash != e.ComputeHash()) return e;
            previous = e.Hash;
        }
        return null;
    }
}
