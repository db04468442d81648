namespace Shifan.Web.Tests;

/// <summary>What a crash mid-upload leaves behind is removed at start and on a schedule; live uploads are kept.</summary>
public class UploadCleanupTests
{
    private static string Make(string path, TimeSpan age)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[1024]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    [Fact]
    public async Task AbandonedTemporaryAndChunkFilesAreRemovedAtStartAndOnASchedule()
    {
        await using var app = new ShifanApp("sqlite", new Dictionary<string, string>
        {
            ["Shifan:Cleanup:TempAge"] = "00:30:00", ["Shifan:Cleanup:UploadAge"] = "1.00:00:00", ["Shifan:Cleanup:Interval"] = "00:00:01",
        });
        var files = Path.Combine(app.DataDirectory, "files");
        var crashed = Make(Path.Combine(files, "tmp", "0123456789abcdef0123456789abcdef"), TimeSpan.FromHours(2));
        var writing = Make(Path.Combine(files, "tmp", "fedcba9876543210fedcba9876543210"), TimeSpan.FromMinutes(1));
        var oldPart = Make(Path.Combine(files, "uploads", "aa".PadRight(32, '0') + ".part"), TimeSpan.FromDays(3));
        var oldMeta = Make(Path.Combine(files, "uploads", "aa".PadRight(32, '0') + ".json"), TimeSpan.FromDays(3));
        // Started long ago but still receiving chunks: kept.
        var livePart = Make(Path.Combine(files, "uploads", "bb".PadRight(32, '0') + ".part"), TimeSpan.FromMinutes(5));
        var liveMeta = Make(Path.Combine(files, "uploads", "bb".PadRight(32, '0') + ".json"), TimeSpan.FromDays(3));

        _ = await app.DemoCampaignIdAsync(); // starts the app
        Assert.False(File.Exists(crashed));
        Assert.False(File.Exists(oldPart));
        Assert.False(File.Exists(oldMeta));
        Assert.True(File.Exists(writing));
        Assert.True(File.Exists(livePart) && File.Exists(liveMeta));

        // A crash while the app runs (another process, say): removed by the next scheduled pass.
        var later = Make(Path.Combine(files, "tmp", "11111111111111111111111111111111"), TimeSpan.FromHours(1));
        for (var waited = 0; waited < 100 && File.Exists(later); waited++) await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(File.Exists(later));
        Assert.True(File.Exists(writing));
    }
}
