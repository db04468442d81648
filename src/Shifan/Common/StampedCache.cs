using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Shifan.Infrastructure.Persistence;

namespace Shifan;

/// <summary>
/// Keeps the answer to an expensive, often-asked read (我的待办, the review queue) for one caller until the
/// database is written again (<see cref="WriteStamp"/>) or for at most <see cref="MaxAge"/>, whichever comes
/// first: in the hour before a deadline fifty liaisons reload their home page far more often than anything
/// changes. The caller is identified by all of their claims (name, role, unit, campaigns, permissions), so
/// two people never share an answer and a change of role is a new key. ADR-024.
/// </summary>
public sealed class StampedCache
{
    /// <summary>Bounds what another process (a command, a second app instance) can leave unseen.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public async Task<T> GetAsync<T>(string what, ClaimsPrincipal caller, string? detail, Func<Task<T>> compute) where T : class
    {
        var stamp = WriteStamp.Current; // before the read: a write during it makes the kept answer stale at once
        var key = (what, Fingerprint(caller), detail, stamp);
        // One computation per key however many ask at once: fifty offices opening the province overview together
        // wait for one answer instead of each starting their own (two cores would then need fifty times as long).
        var shared = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = MaxAge;
            entry.Size = 1;
            return new Lazy<Task<T>>(compute, LazyThreadSafetyMode.ExecutionAndPublication);
        })!;
        try
        {
            return await shared.Value;
        }
        catch
        {
            cache.Remove(key); // a refusal or a failure is never kept
            throw;
        }
    }

    private static string Fingerprint(ClaimsPrincipal caller) =>
        string.Join('\u001f', caller.Claims.Select(c => c.Type + "=" + c.Value).Order(StringComparer.Ordinal));
}
