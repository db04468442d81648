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

    [Fact]
    public async Task WhatAKilledPackageBuildLeftIsRemovedAtStartAndALiveBuildIsKept()
    {
        await using var app = new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:Cleanup:TempAge"] = "00:30:00" });
        var packages = Path.Combine(app.DataDirectory, "packages");
        var killedZip = Make(Path.Combine(packages, "1", ".1-0123456789abcdef-v2.zip.0123456789abcdef0123456789abcdef.tmp"), TimeSpan.FromHours(2));
        var killedReport = Make(Path.Combine(packages, "1", "1-0123456789abcdef-dat70.json.0123456789abcdef0123456789abcdef.tmp"), TimeSpan.FromHours(2));
        var killedWork = Path.Combine(packages, ".work", "aa".PadRight(32, '0'));
        Make(Path.Combine(killedWork, "0001", "merged.pdf"), TimeSpan.FromHours(3));
        Directory.SetLastWriteTimeUtc(Path.Combine(killedWork, "0001"), DateTime.UtcNow.AddHours(-3));
        Directory.SetLastWriteTimeUtc(killedWork, DateTime.UtcNow.AddHours(-3));
        var finished = Make(Path.Combine(packages, "1", "1-0123456789abcdef-v2.zip"), TimeSpan.FromDays(30));
        // A build still writing (another process, say): kept.
        var liveZip = Make(Path.Combine(packages, "1", ".2-0123456789abcdef-v2.zip.fedcba9876543210fedcba9876543210.tmp"), TimeSpan.FromMinutes(1));
        var liveWork = Path.Combine(packages, ".work", "bb".PadRight(32, '0'));
        Make(Path.Combine(liveWork, "0001", "job.json"), TimeSpan.FromMinutes(1));

        _ = await app.DemoCampaignIdAsync(); // starts the app
        Assert.False(File.Exists(killedZip));
        Assert.False(File.Exists(killedReport));
        Assert.False(Directory.Exists(killedWork));
        Assert.True(File.Exists(finished), "a finished package is not a leftover");
        Assert.True(File.Exists(liveZip));
        Assert.True(Directory.Exists(liveWork));
    }
}
