using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Shifan.E2E;

/// <summary>A 2 GB file through the evidence page (resumable 4 MB chunks), with the server's memory watched; its own app.</summary>
public class LargeUploadInBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    /// <summary>Resident and peak memory of this process (the app runs in it), in MB.</summary>
    private static (long Rss, long Peak) Memory()
    {
        long Read(string key) => long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":"))[(key.Length + 1)..].Trim().Split(' ')[0]) / 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    [Fact]
    public async Task ATwoGigabyteFileUploadsThroughThePageWithBoundedMemory()
    {
        const long size = 2L * 1024 * 1024 * 1024;
        using var dir = new TestSupport.TempDirectory();
        var path = Path.Combine(dir.Path, "全程录像.mp4");
        // Sparse: an MP4 header (the sniffer takes it for video), some content, then a hole up to 2 GB.
        await using (var file = new FileStream(path, FileMode.CreateNew))
        {
            var head = new byte[64 * 1024];
            "\0\0\0\u0020ftypisom"u8.ToArray().CopyTo(head, 0);
            for (var i = 12; i < head.Length; i++) head[i] = (byte)(i * 7 % 253);
            await file.WriteAsync(head);
            file.SetLength(size);
        }
        string expected;
        await using (var read = File.OpenRead(path)) expected = Convert.ToHexStringLower(await SHA256.HashDataAsync(read));

        var page = await fx.SignedInPageAsync("liaison1");
        var id = await fx.App.DemoCampaignIdAsync();
        await page.GotoAsync($"/campaigns/{id}/indicators");
        await page.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        var first = page.Locator("section.requirement[data-material='1']");
        await first.Locator("summary:has-text('上传文件')").ClickAsync();
        GC.Collect();
        var before = Memory();
        var peakRss = before.Rss;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakRss = Math.Max(peakRss, Memory().Rss);
                await Task.Delay(500);
            }
        });
        var clock = Stopwatch.StartNew();
        await first.Locator("form.upload-form input[type=file]").SetInputFilesAsync(path);
        await first.Locator("form.upload-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".alert-ok")).ToHaveTextAsync("已上传1个文件", new() { Timeout = 600_000 });
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;

        var stored = await fx.App.WithDbAsync(db => db.EvidenceVersions.OrderByDescending(v => v.Id).FirstAsync());
        Assert.Equal(size, stored.Size);
        Assert.Equal(expected, stored.Sha256.ToLowerInvariant());
        Assert.Equal("mp4", stored.DetectedType);
        var figure = $"2 GB through the page in {clock.Elapsed.TotalSeconds:F0} s ({size / 1024.0 / 1024 / clock.Elapsed.TotalSeconds:F1} MB/s); " +
            $"test process (app in it) RSS {before.Rss} MB before, peak {peakRss} MB while uploading (VmHWM {Memory().Peak} MB)";
        TestContext.Current.TestOutputHelper?.WriteLine(figure);
        // Chunks are streamed to disk: the upload may not hold the file (or a sizeable part of it) in memory.
        Assert.True(peakRss - before.Rss < 400, figure);
    }
}
