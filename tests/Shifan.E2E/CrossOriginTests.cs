using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shifan.Core.Users;

namespace Shifan.E2E;

/// <summary>
/// Pages of another port of the same host try to act with the signed-in user's cookie: a form post
/// and fetches with credentials against the app's /api. Nothing they send may act (ADR-011).
/// </summary>
public class CrossOriginTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    /// <summary>An attacking page: run() tries the fetches and reports what it saw; the form posts the same request.</summary>
    private static string Page(string url, string formFields, string fetchBody) => $$"""
        <!doctype html><html><body>
        <form id="attack" method="post" action="{{url}}" enctype="multipart/form-data">{{formFields}}</form>
        <script>
        async function run() {
          const seen = [];
          try { const r = await fetch("{{url}}", { method: "POST", mode: "no-cors", credentials: "include", body: {{fetchBody}} }); seen.push("no-cors:" + r.type); }
          catch (e) { seen.push("no-cors:failed"); }
          try { const r = await fetch("{{url}}", { method: "POST", credentials: "include", headers: { "X-Shifan-Request": "1" }, body: {{fetchBody}} }); seen.push("header:" + r.status); }
          catch (e) { seen.push("header:blocked"); }
          return seen.join(" ");
        }
        function file() { const d = new FormData(); d.append("title", "冒用上传"); d.append("file", new File(["%PDF-1.4\n%%EOF\n"], "冒用.pdf", { type: "application/pdf" })); return d; }
        function attach() {
          const input = document.querySelector("input[type=file]");
          if (!input) return;
          const t = new DataTransfer(); t.items.add(new File(["%PDF-1.4\n%%EOF\n"], "冒用表单.pdf", { type: "application/pdf" })); input.files = t.files;
        }
        </script></body></html>
        """;

    private async Task AttackAsync(IPage page, string attackUrl)
    {
        await page.GotoAsync(attackUrl);
        var seen = await page.EvaluateAsync<string>("run()");
        // The no-cors request went out (opaque answer); the one with the header never passed the preflight.
        Assert.Equal("no-cors:opaque header:blocked", seen);
        await page.EvaluateAsync("attach()");
        await page.EvaluateAsync("document.getElementById('attack').submit()");
        await page.WaitForURLAsync(u => u.StartsWith(fx.BaseUrl));
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("请求未经本系统页面发起");
    }

    [Fact]
    public async Task APageOnAnotherPortCanNeitherResetAPasswordNorUploadWithTheUsersCookie()
    {
        using var attacker = new AttackerSite();
        await fx.App.CreateUserAsync("root-x", Roles.SecurityAdmin);
        var victim = await fx.App.CreateUserAsync("victim-x", Roles.Liaison, "行政审批科");
        var campaignId = await fx.App.DemoCampaignIdAsync();

        var admin = await fx.SignedInPageAsync("root-x");
        var reset = $"{fx.BaseUrl}/api/users/{victim.Id}/reset-password";
        await AttackAsync(admin, attacker.Add("/reset", Page(reset, "<input name=\"x\" value=\"1\">", "new FormData()")));
        var after = await fx.App.WithDbAsync(db => db.Users.Where(u => u.Id == victim.Id).Select(u => new { u.PasswordHash, u.MustChangePassword }).SingleAsync());
        Assert.Equal(victim.PasswordHash, after.PasswordHash);
        Assert.False(after.MustChangePassword);

        var before = await fx.App.WithDbAsync(db => db.EvidenceItems.CountAsync());
        var liaison = await fx.SignedInPageAsync("liaison1");
        var upload = $"{fx.BaseUrl}/api/campaigns/{campaignId}/indicators/1/materials/1/evidence";
        await AttackAsync(liaison, attacker.Add("/upload", Page(upload, "<input name=\"title\" value=\"冒用上传\"><input type=\"file\" name=\"file\">", "file()")));
        Assert.Equal(before, await fx.App.WithDbAsync(db => db.EvidenceItems.CountAsync()));

        // The user's own pages still work: the uploader sends the header.
        await liaison.GotoAsync($"/campaigns/{campaignId}/indicators");
        await liaison.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        var first = liaison.Locator("section.requirement[data-material='1']");
        await Assertions.Expect(first.Locator("summary:has-text('上传文件')")).ToBeVisibleAsync();
        await first.Locator("summary:has-text('上传文件')").ClickAsync();
        await first.Locator("form.upload-form input[type=file]").SetInputFilesAsync(new FilePayload { Name = "本人上传.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray() });
        await first.Locator("form.upload-form button[type=submit]").ClickAsync();
        await Assertions.Expect(liaison.Locator(".alert-ok")).ToContainTextAsync("已上传1个文件");
        Assert.Equal(before + 1, await fx.App.WithDbAsync(db => db.EvidenceItems.CountAsync()));
    }
}
