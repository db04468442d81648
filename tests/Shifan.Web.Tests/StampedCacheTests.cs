using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
}
