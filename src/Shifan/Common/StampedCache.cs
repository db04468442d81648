using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Shifan.Infrastructure.Persistence;

namespace Shifan;

/// <summary>
/// Keeps the answer to an expensive, often-asked read (我的待办, the review queue, the dashboards) for one caller until
/// the database is written again (<see cref="WriteStamp"/>) or for at most <see cref="MaxAge"/>, whichever comes
/// first: in the hour before a deadline fifty liaisons reload their home page far more often than anything
/// changes. The caller is identified by all of their claims (name, role, unit, campaigns, permissions), so
/// two people never share an answer and a change of role is a new key. ADR-024.
/// <para>
/// A read that passes a <c>refresh</c> (the dashboards, ADR-032) is not left to expire under its callers: asked
/// <see cref="RefreshAfter"/> after it was computed, it is recomputed once in the background (in a scope of its own,
/// as the same caller), and until that recomputation lands the kept answer is still served — for at most
/// <see cref="MaxStale"/> after it was computed, and only under the same write stamp: after a write in this
/// process the kept answer is unreachable, and the next caller waits for a fresh one.
/// </para>
/// </summary>
public sealed class StampedCache
{
    /// <summary>Bounds what another process (a command, a second app instance) can leave unseen, for reads without a refresh.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    /// <summary>A read with a refresh is recomputed in the background when asked this long after it was computed.</summary>
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(10);

    /// <summary>The oldest answer a read with a refresh serves while its recomputation runs (no write in this process since).</summary>
    public static readonly TimeSpan MaxStale = TimeSpan.FromSeconds(30);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 20_000 });
    private readonly IServiceScopeFactory? scopes;
    private readonly TimeProvider clock;
    private readonly ILogger? log;
    private long refreshes;

    /// <summary>Without a scope factory every recomputation runs in the caller's request (no background refresh).</summary>
    public StampedCache() : this(null, TimeProvider.System) { }

    public StampedCache(IServiceScopeFactory? scopes, TimeProvider clock, ILogger<StampedCache>? log = null)
    {
        this.scopes = scopes;
        this.clock = clock;
        this.log = log;
    }

    /// <summary>Background recomputations that completed (for tests and diagnostics).</summary>
    public long Refreshes => Interlocked.Read(ref refreshes);

    /// <param name="compute">Computes the answer in the caller's request (the first time, and whenever nothing can be served).</param>
    /// <param name="refresh">
    /// Computes the same answer from a fresh service scope, outside any request, with the caller as the acting user
    /// (<see cref="ActingUser"/>); it must not depend on the HTTP request. Null: no background refresh.
    /// </param>
    public async Task<T> GetAsync<T>(string what, ClaimsPrincipal caller, string? detail, Func<Task<T>> compute,
        Func<IServiceProvider, Task<T>>? refresh = null) where T : class
    {
        var stamp = WriteStamp.Current; // before the read: a write during it makes the kept answer stale at once
        var key = (what, Fingerprint(caller), detail, stamp);
        var background = refresh is not null && scopes is not null;
        // One slot per key; one computation per slot however many ask at once: fifty offices opening the province
        // overview together wait for one answer instead of each starting their own.
        var slot = cache.GetOrCreate(key, entry =>
        {
            // The slot itself judges its answer's age; the cache only drops what nobody asked for in a while.
            entry.SlidingExpiration = background ? MaxStale : MaxAge;
            entry.Size = 1;
            return new Slot<T>();
        })!;
        var answer = slot.Answer(this, compute, background ? () => InBackground(caller, refresh!) : null);
        try
        {
            return await answer;
        }
        catch
        {
            cache.Remove(key); // a refusal or a failure is never kept
            throw;
        }
    }

    private async Task<T> InBackground<T>(ClaimsPrincipal caller, Func<IServiceProvider, Task<T>> refresh)
    {
        await Task.Yield();
        using var acting = ActingUser.Begin(caller);
        await using var scope = scopes!.CreateAsyncScope();
        var result = await refresh(scope.ServiceProvider);
        Interlocked.Increment(ref refreshes);
        return result;
    }

    /// <summary>The kept answer under one key (one caller, one detail, one write stamp) and its recomputation, if one runs.</summary>
    private sealed class Slot<T> where T : class
    {
        private readonly Lock gate = new();
        private Task<T>? answer;
        private long answeredAt;
        private Task<T>? next;

        public Task<T> Answer(StampedCache owner, Func<Task<T>> compute, Func<Task<T>>? background)
        {
            var now = owner.clock.GetTimestamp();
            lock (gate)
            {
                if (answer is null || answer.IsFaulted || answer.IsCanceled)
                {
                    answer = compute();
                    answeredAt = now;
                    return answer;
                }
                if (!answer.IsCompleted) return answer; // the first computation, shared
                var age = owner.clock.GetElapsedTime(answeredAt, now);
                if (age < (background is null ? MaxAge : RefreshAfter)) return answer;
                // Due: one recomputation, in the background if the read allows it, else in this caller's request.
                next ??= Recompute(owner, background ?? compute, now, inBackground: background is not null);
                return background is not null && age < MaxStale ? answer : next;
            }
        }

        private async Task<T> Recompute(StampedCache owner, Func<Task<T>> run, long startedAt, bool inBackground)
        {
            Task<T> work;
            if (inBackground)
                using (ExecutionContext.SuppressFlow()) // no request's HttpContext in the background
                    work = Task.Run(run);
            else
            {
                await Task.Yield(); // never complete while the slot's lock is held
                work = run();
            }
            try
            {
                var result = await work;
                lock (gate)
                {
                    answer = Task.FromResult(result);
                    answeredAt = startedAt;
                    next = null;
                }
                return result;
            }
            catch (Exception e)
            {
                lock (gate)
                {
                    // The next caller computes afresh in its own request (and sees a refusal, if that is what it gets).
                    answer = Task.FromException<T>(e);
                    next = null;
                }
                if (inBackground) owner.log?.LogWarning(e, "A kept answer could not be recomputed in the background");
                throw;
            }
        }
    }

    private static string Fingerprint(ClaimsPrincipal caller) =>
        string.Join('\u001f', caller.Claims.Select(c => c.Type + "=" + c.Value).Order(StringComparer.Ordinal));
}
