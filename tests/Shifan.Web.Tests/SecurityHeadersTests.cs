using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>Every answer (page, API, file, script, error page) carries the security headers (ADR-011).</summary>
public class SecurityHeadersTests
{
    private static void AssertHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task PagesApiFilesAndScriptsCarryTheSecurityHeaders()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var id = await app.DemoCampaignIdAsync();
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        AssertHeaders(await anonymous.GetAsync("/login"));
        AssertHeaders(await anonymous.GetAsync("/"));
        AssertHeaders(await anonymous.GetAsync("/js/uploader.js"));
        AssertHeaders(await anonymous.GetAsync("/api/me"));
        AssertHeaders(await anonymous.GetAsync("/healthz"));

        var bearer = await app.ApiClientAsync("liaison1");
        AssertHeaders(await bearer.GetAsync("/api/me"));
        var created = await bearer.PostAsync(Uploads.Url(id), Uploads.Form(Uploads.Pdf, "通知.pdf"));
        var pdfId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        AssertHeaders(await bearer.GetAsync($"/api/campaigns/{id}/evidence/{pdfId}/file"));

        var cookie = await app.CookieClientAsync("liaison1");
        var page = await cookie.GetAsync($"/campaigns/{id}/indicators");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertHeaders(page);
        AssertHeaders(await cookie.GetAsync($"/campaigns/{id}/no-such-page"));
        // A PDF or image opened for preview may be framed by the app's own review page, and runs nothing.
        var preview = await cookie.GetAsync($"/campaigns/{id}/evidence/{pdfId}/file?inline=true");
        var previewPolicy = string.Join(";", preview.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", previewPolicy);
        Assert.DoesNotContain("script-src", previewPolicy);
        Assert.Contains("frame-ancestors 'self'", previewPolicy);
        Assert.Equal("SAMEORIGIN", Assert.Single(preview.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(preview.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("application/pdf", preview.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual("attachment", preview.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task AFileWhoseContentIsNotAPreviewableTypeIsNeverShownInlineWhateverItsName()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var id = await app.DemoCampaignIdAsync();
        var bearer = await app.ApiClientAsync("liaison1");
        var html = Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>");
        var created = await bearer.PostAsync(Uploads.Url(id), Uploads.Form(html, "伪装成图片.png"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var itemId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var cookie = await app.CookieClientAsync("liaison1");
        var preview = await cookie.GetAsync($"/campaigns/{id}/evidence/{itemId}/file?inline=true");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("application/octet-stream", preview.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", preview.Content.Headers.ContentDisposition?.DispositionType);
        AssertHeaders(preview);
    }

    /// <summary>
    /// Pages carry Chinese as UTF-8, not as a character reference per character (ADR-033), and text a user typed is
    /// still escaped: markup-significant characters never reach the page as markup.
    /// </summary>
    [Fact]
    public async Task PagesCarryChineseAsUtf8AndStillEscapeWhatAUserTyped()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var id = await app.DemoCampaignIdAsync();
        var liaison = await app.ApiClientAsync("liaison1");
        const string typed = "<script>alert(1)</script>\"' onmouseover='x'法治说明&amp;";
        (await liaison.PostAsJsonAsync($"/api/campaigns/{id}/indicators/1/materials/2/explanations",
            new { title = typed, text = "本单位推行一件事一次办。" })).EnsureSuccessStatusCode();

        var page = await liaison.GetAsync($"/campaigns/{id}/evidence");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("utf-8", page.Content.Headers.ContentType?.CharSet);
        var html = Encoding.UTF8.GetString(await page.Content.ReadAsByteArrayAsync());
        Assert.Contains("示范创建管理系统", html);
        Assert.DoesNotContain("&#x793A;", html); // 示, as the default encoder wrote it
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27; onmouseover=&#x27;x&#x27;法治说明&amp;amp;", html);
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain("onmouseover='x'", html);
    }
}
