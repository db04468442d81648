using System.Text.Json.Serialization;

namespace Shifan.Core.Packages;

[JsonConverter(typeof(JsonStringEnumConverter<PackageChange>))]
public enum PackageChange { Added, Replaced, Removed }

/// <summary>One difference between two freezes, for one piece of material.</summary>
public sealed record PackageDifference(PackageChange Change, string IndicatorCode, int MaterialNo, int ItemId, string Title, string? OldSha256, string? NewSha256)
{
    public string ChangeName => Change switch { PackageChange.Added => "新增", PackageChange.Replaced => "替换", _ => "移除" };
}

/// <summary>What changed from one freeze to a later one: material added, replaced (other content) or removed.</summary>
public static class PackageComparison
{
    public static IReadOnlyList<PackageDifference> Compare(PackageManifest older, PackageManifest newer)
    {
        static string Key(PackageFile f) => $"{f.ItemId}|{f.MaterialNo}|{f.IndicatorCode}";
        var before = older.Files.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var after = newer.Files.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var result = new List<PackageDifference>();
        foreach (var (key, f) in after)
        {
            if (!before.TryGetValue(key, out var old)) result.Add(new PackageDifference(PackageChange.Added, f.IndicatorCode, f.MaterialNo, f.ItemId, f.Title, null, f.Sha256));
            else if (old.Sha256 != f.Sha256) result.Add(new PackageDifference(PackageChange.Replaced, f.IndicatorCode, f.MaterialNo, f.ItemId, f.Title, old.Sha256, f.Sha256));
        }
        foreach (var (key, f) in before)
            if (!after.ContainsKey(key)) result.Add(new PackageDifference(PackageChange.Removed, f.IndicatorCode, f.MaterialNo, f.ItemId, f.Title, f.Sha256, null));
        var order = newer.Files.Concat(older.Files).Select(f => f.IndicatorCode).Distinct().Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        return result.OrderBy(d => order.GetValueOrDefault(d.IndicatorCode)).ThenBy(d => d.MaterialNo).ThenBy(d => d.ItemId).ToList();
    }
}

/// <summary>Something the pre-freeze check found: blocking findings stop the freeze, the others are listed with it.</summary>
public sealed record PackageFinding(string IndicatorCode, int? MaterialNo, string Message, bool Blocking);
