namespace Shifan;

/// <summary>China Standard Time (UTC+8, no daylight saving): how every date and time is shown and every "due by" is counted.</summary>
public static class Cst
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToCst(DateTimeOffset at) => at.ToOffset(Offset);

    public static string Format(DateTimeOffset at) => ToCst(at).ToString("yyyy-MM-dd HH:mm");

    /// <summary>The calendar day in China at that moment.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToCst(clock.GetUtcNow()).DateTime);
}
