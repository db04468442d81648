using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shifan.Core.Users;
using Shifan.Features.Evidence;
using Shifan.Infrastructure.Persistence;

using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>Many uploaders at once, with the background extraction running: no error, and every file findable by its text.</summary>
public class ConcurrentUploadTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TwentyConcurrentUploadersGetNoErrorAndEveryPdfIsFoundByItsText(string provider)
    {
        await using var app = new ShifanApp(provider);
        var id = await app.DemoCampaignIdAsync();
        // Ten users (the upload limit is per user), two clients each.
        var clients = new List<HttpClient>();
        for (var u = 0; u < 10; u++)
        {
            await app.CreateUserAsync($"up{u}", Roles.Liaison, "行政审批科");
            var client = await app.ApiClientAsync($"up{u}");
            clients.Add(client);
            clients.Add(client);
        }
        var tokens = new List<string>();
        var statuses = await Task.WhenAll(clients.Select(async (client, c) =>
        {
            var codes = new List<HttpStatusCode>();
            for (var n = 0; n < 3; n++)
            {
                var token = $"qz{c:D2}x{n}kw{Guid.NewGuid():N}"[..16];
                lock (tokens) tokens.Add(token);
                codes.Add((await client.PostAsync(Url(id), Form(TextPdf.Of(token), $"{token}.pdf"))).StatusCode);
            }
            return codes;
        }));
        Assert.All(statuses.SelectMany(s => s), s => Assert.Equal(HttpStatusCode.Created, s));

        for (var waited = 0; waited < 600 && await app.WithDbAsync(db => db.EvidenceVersions.AnyAsync(v => v.TextPending)); waited++) await Task.Delay(100);
        var office = await app.OfficeClientAsync();
        var missing = new List<string>();
        foreach (var token in tokens)
            if ((await office.GetFromJsonAsync<List<EvidenceView>>($"/api/campaigns/{id}/evidence?q={token}"))!.Count != 1) missing.Add(token);
        Assert.Empty(missing);
        Assert.Equal(60, await app.WithDbAsync(db => db.EvidenceItems.CountAsync()));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task IndexingOneItemFromManyWritersAtOnceNeverFailsAndLeavesOneCompleteRow(string provider)
    {
        await using var app = new ShifanApp(provider);
        var id = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        var created = await office.PostAsync(Url(id), Form(TextPdf.Of("alpha"), "a.pdf", ("title", "并发索引测试")));
        var itemId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt32();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                await SearchIndex.IndexAsync(scope.ServiceProvider.GetRequiredService<ShifanDbContext>(), itemId);
            }
        })));
        var hits = await app.WithDbAsync(db => SearchIndex.SearchAsync(db, "并发索引测试"));
        Assert.Equal([itemId], hits);
    }
}
