namespace Shifan.Core;

/// <summary>China Standard Time (UTC+8, no daylight saving): the one place where dates are shown and deadlines computed.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToChina(DateTimeOffset instant) => instant.ToOffset(Offset);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToChina(instant).DateTime);

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());

    public static string Format(DateTimeOffset instant) => ToChina(instant).ToString("yyyy-MM-dd HH:mm");
}
