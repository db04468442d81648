using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shifan.Core.Reviews;
using Shifan.Core.Users;
using Shifan.Infrastructure.Persistence;

using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>Alone: these tests read the process-wide write counter, which parallel tests would move.</summary>
[CollectionDefinition(nameof(WriteCounterCollection), DisableParallelization = true)]
public sealed class WriteCounterCollection;

/// <summary>
/// 我的待办 and the review queue are kept until the next write (ADR-024): the counter moves on every kind of
/// write and on none of the reads, a kept answer is reused only while nothing was written and never across
/// callers, and what a liaison does shows on their next 我的待办.
/// </summary>
[Collection(nameof(WriteCounterCollection))]
public sealed class StampedCacheTests : IAsyncLifetime
{
    private readonly ShifanApp app = new("sqlite");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task TheCounterMovesOnEveryKindOfWriteAndOnNoRead()
    {
        var campaign = await app.DemoCampaignIdAsync();
        var before = WriteStamp.Current;
        await app.WithDbAsync(async db => (await db.Units.Where(u => u.CampaignId == campaign).ToListAsync()).Count);
        await app.WithDbAsync(db => db.Units.CountAsync());
        Assert.Equal(before, WriteStamp.Current);

        await app.WithDbAsync(async db =>
        {
            var unit = await db.Units.FirstAsync(u => u.CampaignId == campaign);
            unit.SortOrder += 1000;
            return await db.SaveChangesAsync();
        });
        var afterSave = WriteStamp.Current;
        Assert.True(afterSave > before, "SaveChanges moves it");

        await app.WithDbAsync(db => db.Units.Where(u => u.CampaignId == campaign).ExecuteUpdateAsync(u => u.SetProperty(x => x.SortOrder, x => x.SortOrder + 1)));
        var afterBulk = WriteStamp.Current;
        Assert.True(afterBulk > afterSave, "ExecuteUpdate moves it");

        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"Units\" SET \"SortOrder\" = \"SortOrder\" + 1"));
        Assert.True(WriteStamp.Current > afterBulk, "raw SQL moves it");
    }

    /// <summary>
    /// A session's last-seen time is written once a minute for every signed-in user: that alone does not move the counter
    /// (else fifty users would make every kept answer unreachable about once a second), but the same statement batched
    /// with any other write does (ADR-032).
    /// </summary>
    [Fact]
    public async Task TouchingASessionDoesNotMoveTheCounterButAnyOtherWriteWithItDoes()
    {
        await app.OfficeClientAsync(); // a sign-in: a session row
        var campaign = await app.DemoCampaignIdAsync();
        var before = WriteStamp.Current;
        await app.WithDbAsync(async db =>
        {
            var session = await db.UserSessions.OrderByDescending(s => s.CreatedAt).FirstAsync();
            session.LastSeenAt = session.LastSeenAt.AddMinutes(1);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(before, WriteStamp.Current);
        var sessions = await app.WithDbAsync(db => db.UserSessions.AsNoTracking().ToListAsync());
        Assert.Single(sessions, s => s.LastSeenAt > s.CreatedAt.AddSeconds(30)); // it was written

        await app.WithDbAsync(async db =>
        {
            var session = await db.UserSessions.OrderByDescending(s => s.CreatedAt).FirstAsync();
            session.LastSeenAt = session.LastSeenAt.AddMinutes(1);
            var unit = await db.Units.FirstAsync(u => u.CampaignId == campaign);
            unit.SortOrder += 1;
            return await db.SaveChangesAsync();
        });
        Assert.True(WriteStamp.Current > before, "a session touch saved together with another change moves it");
    }

    [Fact]
    public async Task AKeptAnswerIsReusedUntilAWriteAndNeverSharedBetweenCallers()
    {
        var cache = new StampedCache();
        var li = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "li"), new Claim(ClaimTypes.Role, Roles.Liaison)], "test"));
        var wang = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "wang"), new Claim(ClaimTypes.Role, Roles.Liaison)], "test"));
        var computed = 0;
        Task<string> Compute() => Task.FromResult($"answer {++computed}");

        Assert.Equal("answer 1", await cache.GetAsync("my-work", li, "2026-12-02", Compute));
        Assert.Equal("answer 1", await cache.GetAsync("my-work", li, "2026-12-02", Compute));
        Assert.Equal("answer 2", await cache.GetAsync("my-work", wang, "2026-12-02", Compute));
        Assert.Equal("answer 3", await cache.GetAsync("my-work", li, "2026-12-03", Compute));

        var campaign = await app.DemoCampaignIdAsync();
        await app.WithDbAsync(db => db.Units.Where(u => u.CampaignId == campaign).ExecuteUpdateAsync(u => u.SetProperty(x => x.SortOrder, x => x.SortOrder + 1)));
        Assert.Equal("answer 4", await cache.GetAsync("my-work", li, "2026-12-02", Compute));
        Assert.Equal(4, computed);
    }

    [Fact]
    public async Task WhatALiaisonUploadsShowsOnTheirNextMyWork()
    {
        var campaign = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("li-cache", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("li-cache");

        async Task<List<string>> DraftsAsync()
        {
            var work = (await liaison.GetFromJsonAsync<List<JsonElement>>("/api/me/work"))!;
            return work.Single(w => w.GetProperty("campaignId").GetInt32() == campaign).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("kind").GetString() == "draft").Select(i => i.GetProperty("title").GetString()!).ToList();
        }

        var before = await DraftsAsync();
        Assert.Equal(before, await DraftsAsync()); // asked twice with nothing written: the same answer
        var response = await liaison.PostAsync(Url(campaign), Form(Pdf, "审批制度改革方案.pdf"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var after = await DraftsAsync();
        Assert.True(after.Except(before).Count() == 1, $"the upload shows at once: before [{string.Join("; ", before)}], after [{string.Join("; ", after)}]");
    }

    /// <summary>
    /// A read with a refresh (the dashboards, ADR-032): once due, its kept answer is served while one recomputation runs
    /// in the background, so the caller does not wait for it; too old, or after a write, it is never served.
    /// </summary>
    [Fact]
    public async Task ADueAnswerIsServedWhileItIsRecomputedInTheBackgroundButNeverAfterAWriteOrTooOld()
    {
        var clock = new FakeTimeProvider();
        await using var services = new ServiceCollection().BuildServiceProvider();
        var cache = new StampedCache(services.GetRequiredService<IServiceScopeFactory>(), clock);
        var li = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "li"), new Claim(ClaimTypes.Role, Roles.Office)], "test"));
        var computed = 0;
        var release = new TaskCompletionSource();
        string? refreshedAs = null;
        Task<string> Compute() => Task.FromResult($"answer {Interlocked.Increment(ref computed)}");
        async Task<string> Refresh(IServiceProvider _)
        {
            refreshedAs = ActingUser.Current?.Identity?.Name; // the background runs as the caller
            await release.Task;
            return $"answer {Interlocked.Increment(ref computed)}";
        }
        Task<string> Ask() => cache.GetAsync("dashboard", li, "1", Compute, Refresh);

        Assert.Equal("answer 1", await Ask());
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("answer 1", await Ask()); // fresh: no recomputation
        Assert.Equal(0, cache.Refreshes);

        clock.Advance(TimeSpan.FromSeconds(15)); // 20 s: past the 15 s a kept answer used to live
        var served = Ask();
        Assert.True(served.IsCompletedSuccessfully, "a due answer is served at once, not after its recomputation");
        Assert.Equal("answer 1", await served);
        Assert.Equal("answer 1", await Ask()); // still recomputing: served again, and no second recomputation starts
        release.SetResult();
        await WaitForAsync(() => cache.Refreshes == 1);
        Assert.Equal("li", refreshedAs);
        Assert.Equal("answer 2", await Ask());
        Assert.Equal(2, computed);

        // Due again, and then a write in this process: the kept answer is out of reach, the caller waits for a fresh one.
        clock.Advance(TimeSpan.FromSeconds(12));
        var campaign = await app.DemoCampaignIdAsync();
        await app.WithDbAsync(db => db.Units.Where(u => u.CampaignId == campaign).ExecuteUpdateAsync(u => u.SetProperty(x => x.SortOrder, x => x.SortOrder + 1)));
        Assert.Equal("answer 3", await Ask()); // computed in the caller's request
        Assert.Equal(1, cache.Refreshes);

        // Past the stale bound with no write: the caller waits for the recomputation instead of getting a 30 s old answer.
        clock.Advance(TimeSpan.FromSeconds(31));
        var late = Ask();
        await WaitForAsync(() => late.IsCompleted);
        Assert.Equal("answer 4", await late);
        Assert.Equal(2, cache.Refreshes);
    }

    /// <summary>
    /// Through the running app: a liaison's dashboard (unit-scoped) refreshed in the background is the answer their own
    /// request computes, and after a write the office sees the new figures at once even though a refresh was due.
    /// </summary>
    [Fact]
    public async Task TheDashboardIsRefreshedInTheBackgroundAsTheCallerAndIsFreshAfterAWrite()
    {
        var clock = new FakeTimeProvider();
        StampedCache? cache = null;
        await using var demo = new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:Demo:Activity"] = "true" })
        {
            TestServices = s => s.AddSingleton(sp => cache = new StampedCache(sp.GetRequiredService<IServiceScopeFactory>(), clock)),
        };
        var campaign = await demo.DemoCampaignIdAsync();
        await demo.CreateUserAsync("li-dash", Roles.Liaison, "行政审批科");
        var liaison = await demo.ApiClientAsync("li-dash");
        var office = await demo.OfficeClientAsync();
        var url = $"/api/campaigns/{campaign}/dashboard";

        await QuietAsync(); // the app's start-up work (demo history, jobs) writes for a while after the first request
        var first = await liaison.GetStringAsync(url);
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(first, await liaison.GetStringAsync(url)); // served while the background recomputes
        await WaitForAsync(() => cache!.Refreshes == 1);
        Assert.Equal(first, await liaison.GetStringAsync(url)); // the background's answer: the same figures, in the liaison's scope

        var before = await office.GetFromJsonAsync<JsonElement>(url);
        var byState = before.GetProperty("byState");
        Assert.True(byState[0].GetProperty("value").GetInt32() + byState[1].GetProperty("value").GetInt32() > 0, "the demo has approved or submitted indicators");
        clock.Advance(TimeSpan.FromSeconds(20)); // the office's answer is due for a refresh
        await demo.WithDbAsync(db => db.RequirementReviews.Where(r => r.CampaignId == campaign).ExecuteUpdateAsync(r => r.SetProperty(x => x.State, ReviewState.Returned)));
        var after = (await office.GetFromJsonAsync<JsonElement>(url)).GetProperty("byState");
        Assert.Equal(0, after[0].GetProperty("value").GetInt32()); // nothing approved any more
        Assert.Equal(0, after[1].GetProperty("value").GetInt32()); // nothing waiting: every handed-in share is returned
        Assert.True(after[2].GetProperty("value").GetInt32() > byState[2].GetProperty("value").GetInt32(), $"returned: before {byState}, after {after}");
    }

    /// <summary>Until nothing has been written for a second.</summary>
    private static async Task QuietAsync()
    {
        for (var i = 0; i < 30; i++)
        {
            var stamp = WriteStamp.Current;
            await Task.Delay(1000);
            if (stamp == WriteStamp.Current) return;
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), "not within 30 s");
    }
}
