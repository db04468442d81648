namespace Shifan.Features.UntrustedFiles;

/// <summary>
/// Limits of one worker process, from `Shifan:Worker:*` settings: TimeLimit (wall clock, default
/// 00:00:30), MemoryMB (GC heap ceiling, default 1024), MaxOutputMB (standard output read, default 16),
/// Concurrent (processes at once, default 2), MergeTimeLimit (one indicator's merged PDF of a package, LibreOffice
/// conversions included, default 00:10:00).
/// </summary>
public sealed record WorkerLimits
{
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(30);
    public int MemoryMB { get; init; } = 1024;
    public int MaxOutputBytes { get; init; } = 16 * 1024 * 1024;
    public int Concurrent { get; init; } = 2;
    public TimeSpan MergeTimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    public static WorkerLimits From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Shifan:Worker");
        var defaults = new WorkerLimits();
        return new WorkerLimits
        {
            TimeLimit = TimeSpan.TryParse(section["TimeLimit"], System.Globalization.CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t : defaults.TimeLimit,
            MemoryMB = int.TryParse(section["MemoryMB"], out var m) && m >= 64 ? m : defaults.MemoryMB,
            MaxOutputBytes = int.TryParse(section["MaxOutputMB"], out var o) && o > 0 && o <= 1024 ? o * 1024 * 1024 : defaults.MaxOutputBytes,
            Concurrent = int.TryParse(section["Concurrent"], out var c) && c > 0 ? c : defaults.Concurrent,
            MergeTimeLimit = TimeSpan.TryParse(section["MergeTimeLimit"], System.Globalization.CultureInfo.InvariantCulture, out var mt) && mt > TimeSpan.Zero ? mt : defaults.MergeTimeLimit,
        };
    }
}
