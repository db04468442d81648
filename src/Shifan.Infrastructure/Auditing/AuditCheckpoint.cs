namespace Shifan.Infrastructure.Auditing;

/// <summary>
/// The head of the audit chain as one writer committed it, kept outside the database and signed with
/// the audit key: removing the newest records or recomputing the chain no longer matches it.
/// </summary>
/// <param name="Id">The newest record this writer committed.</param>
/// <param name="Hash">That record's hash.</param>
/// <param name="KeyedFrom">The first record chained with the key (the upgrade point of an older database).</param>
/// <param name="KeyId">Which key signed (the first 16 hex digits of the key's SHA-256).</param>
/// <param name="Mac">HMAC-SHA256 over the fields above.</param>
public sealed record AuditCheckpoint(long Id, string Hash, long KeyedFrom, DateTimeOffset At, string KeyId, string Mac);
