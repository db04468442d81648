using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shifan.Core.Users;

using static Shifan.Web.Tests.Uploads;

namespace Shifan.Web.Tests;

/// <summary>Upload limits apply to files, at the sizes the product documents, on the real server (Kestrel).</summary>
public class UploadLimitTests
{
    [Fact]
    public async Task AChunkedUploadCountsOnceAgainstTheUploadRateLimit()
    {
        await using var app = new ShifanApp("sqlite");
        var id = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var liaison = await app.ApiClientAsync("liaison1");
        const int Chunks = 40, ChunkBytes = 1024;
        var bytes = new byte[Chunks * ChunkBytes];
        Random.Shared.NextBytes(bytes);
        bytes[0] = 0x25; bytes[1] = 0x50; bytes[2] = 0x44; bytes[3] = 0x46; // %PDF
        var start = await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/1/uploads", new { fileName = "大文件.pdf", size = bytes.Length });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var uploadId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        for (var i = 0; i < Chunks; i++)
        {
            var put = await liaison.PutAsync($"/api/campaigns/{id}/uploads/{uploadId}?offset={i * ChunkBytes}", new ByteArrayContent(bytes, i * ChunkBytes, ChunkBytes));
            Assert.True(put.StatusCode == HttpStatusCode.OK, $"chunk {i + 1}: {(int)put.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.Created, (await liaison.PostAsync($"/api/campaigns/{id}/uploads/{uploadId}/complete", null)).StatusCode);

        // Files are what is counted: 30 a minute, then 429 with when to try again.
        HttpResponseMessage last = null!;
        for (var i = 0; i < 30 && (last = await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/1/uploads", new { fileName = $"f{i}.pdf", size = 10 })).StatusCode != HttpStatusCode.TooManyRequests; i++) { }
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    /// <summary>The app on a real Kestrel server on a loopback port, so ASP.NET's request size limits apply as in production.</summary>
    private static ShifanApp OnKestrel()
    {
        var app = new ShifanApp("sqlite", new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:0", ["Shifan:TextExtraction"] = "off" });
        app.UseKestrel();
        return app;
    }

    [Fact]
    public async Task ReplacingAFileOver30MegabytesWorks()
    {
        await using var app = OnKestrel();
        var id = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        var created = await office.PostAsync(Url(id), Form(Pdf, "a.pdf"));
        var itemId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var big = new byte[31 * 1024 * 1024];
        Pdf.CopyTo(big, 0);
        var replaced = await office.PostAsync($"/api/campaigns/{id}/evidence/{itemId}/versions", Form(big, "b.pdf"));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
    }

    [Fact]
    public async Task ImportTakesTheDocumented50MegabytesAndABiggerFileGetsAChineseMessage()
    {
        await using var app = OnKestrel();
        var id = await app.DemoCampaignIdAsync();
        var office = await app.OfficeClientAsync();
        // 40 MB of JSON with no indicators: read and refused for what it is, not for its size.
        var json = new byte[40 * 1024 * 1024];
        Array.Fill(json, (byte)' ');
        "{\"nodes\":["u8.CopyTo(json);
        "]}"u8.CopyTo(json.AsSpan(json.Length - 2));
        var read = await office.PostAsync($"/api/campaigns/{id}/framework/import", Form(json, "big.json"));
        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
        Assert.DoesNotContain("上限", await read.Content.ReadAsStringAsync());

        // A client that waits for 100-continue hears the answer before it sends 52 MB for nothing.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{id}/framework/import") { Content = Form(new byte[52 * 1024 * 1024], "big.json") };
        request.Headers.ExpectContinue = true;
        var tooBig = await office.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains("文件超过上限（50 MB）", await tooBig.Content.ReadAsStringAsync());
    }
}
