using Shifan.Core.Frameworks;

namespace Shifan.Core.Evidence;

public enum CheckSeverity { Error, Warning }

/// <summary>One problem with the material for a requirement, in words a liaison understands.</summary>
public sealed record CheckFinding(string Code, CheckSeverity Severity, string Message, int? EvidenceId = null);

public sealed record RequirementCheck(int RequirementId, int No, int Count, double Completeness, IReadOnlyList<CheckFinding> Findings);

public sealed record IndicatorCheck(int NodeId, string Kind, string Code, double Completeness, IReadOnlyList<RequirementCheck> Requirements);

/// <summary>
/// The checks nobody does by hand: missing material, too few or too many items, material older than
/// the requirement's since-year, a 情况说明 over its character limit, a URL without its screenshot,
/// the same file attached twice, a file whose content does not match its extension.
/// </summary>
public static class EvidenceChecks
{
    public const int DefaultExplanationChars = 600;

    private static readonly Dictionary<string, string[]> ExtensionsOf = new()
    {
        ["pdf"] = ["pdf"],
        ["png"] = ["png"],
        ["jpg"] = ["jpg", "jpeg"],
        ["gif"] = ["gif"],
        ["docx"] = ["docx"],
        ["xlsx"] = ["xlsx"],
        ["pptx"] = ["pptx"],
        ["odt"] = ["odt"],
        ["ods"] = ["ods"],
        ["odp"] = ["odp"],
        ["ofd"] = ["ofd"],
        ["zip"] = ["zip"],
        ["ole"] = ["doc", "xls", "wps", "et", "ppt"],
        ["mp4"] = ["mp4", "mov", "m4v"],
        ["avi"] = ["avi"],
        ["mkv"] = ["mkv", "webm"],
        ["text"] = ["txt", "csv"],
    };

    public static bool ExtensionMatches(string detectedType, string extension) =>
        ExtensionsOf.TryGetValue(detectedType, out var allowed) && allowed.Contains(extension);

    /// <summary>The file types whose extensions are known, each with the extensions its files may carry.</summary>
    public static IReadOnlyDictionary<string, string[]> Extensions => ExtensionsOf;

    public static RequirementCheck Check(MaterialRequirement requirement, IReadOnlyList<EvidenceItem> items)
    {
        var live = items.Where(i => i.DeletedAt is null).ToList();
        return Check(requirement, live.Count, live);
    }

    /// <summary>
    /// The same check from a count and the items that may have something to report: <paramref name="liveCount"/>
    /// live items serve the requirement, and <paramref name="candidates"/> (live, in the order of their ids) hold
    /// at least every one that a finding could name (too old, too long, without a screenshot, of another type than
    /// its extension, or sharing its file with another). The others are counted, never read, so a campaign's
    /// checks cost what its problems do, not what all its material does.
    /// </summary>
    public static RequirementCheck Check(MaterialRequirement requirement, int liveCount, IReadOnlyList<EvidenceItem> candidates)
    {
        var findings = new List<CheckFinding>();
        if (liveCount == 0)
            findings.Add(new CheckFinding("missing", CheckSeverity.Error, "尚未提供材料"));
        if (requirement.MinCount is int min && liveCount > 0 && liveCount < min)
            findings.Add(new CheckFinding("too-few", CheckSeverity.Error, $"要求不少于{min}件，现有{liveCount}件"));
        if (requirement.MaxCount is int max && liveCount > max)
            findings.Add(new CheckFinding("too-many", CheckSeverity.Warning, $"要求不超过{max}件，现有{liveCount}件"));
        foreach (var item in candidates)
        {
            var year = item.Year ?? item.DocumentDate?.Year;
            if (requirement.Since is int since && year is int y && y < since)
                findings.Add(new CheckFinding("too-old", CheckSeverity.Error, $"“{item.Title}”是{y}年的材料，要求{since}年以来", item.Id));
            if (item.Kind == EvidenceKind.Explanation && item.Text is { } text)
            {
                var limit = requirement.MaxChars ?? DefaultExplanationChars;
                var chars = CountChars(text);
                if (chars > limit) findings.Add(new CheckFinding("too-long", CheckSeverity.Error, $"情况说明“{item.Title}”有{chars}字，超过{limit}字的要求", item.Id));
            }
            if (!string.IsNullOrWhiteSpace(item.SourceUrl) && item.Current is null)
                findings.Add(new CheckFinding("url-without-screenshot", CheckSeverity.Error, $"“{item.Title}”只有网址，缺少截图", item.Id));
            if (item.Current is { } v && !ExtensionMatches(v.DetectedType, v.Extension))
                findings.Add(new CheckFinding("type-mismatch", CheckSeverity.Error, $"“{v.FileName}”的内容是{v.DetectedType}，与扩展名.{v.Extension}不符", item.Id));
        }
        foreach (var dup in candidates.Where(i => i.Current is not null).GroupBy(i => i.Current!.Sha256).Where(g => g.Count() > 1))
            findings.Add(new CheckFinding("duplicate", CheckSeverity.Warning, $"同一文件重复提交了{dup.Count()}次：{string.Join("、", dup.Select(i => i.Title))}", dup.First().Id));

        var target = Math.Max(1, requirement.MinCount ?? 1);
        var valid = liveCount - candidates.Count(i => findings.Any(f => f.EvidenceId == i.Id && f.Severity == CheckSeverity.Error));
        var completeness = Math.Min(1.0, valid / (double)target);
        return new RequirementCheck(requirement.Id, requirement.No, liveCount, completeness, findings);
    }

    /// <summary>An indicator's completeness is the mean of its requirements' (1 when it asks for none).</summary>
    public static IndicatorCheck Check(FrameworkNode node, ILookup<int, EvidenceItem> itemsByRequirement)
    {
        var requirements = node.Materials.OrderBy(m => m.No).Select(m => Check(m, itemsByRequirement[m.Id].ToList())).ToList();
        var completeness = requirements.Count == 0 ? 1.0 : requirements.Average(r => r.Completeness);
        return new IndicatorCheck(node.Id, NodeKinds.ToJson(node.Kind), node.Code, completeness, requirements);
    }

    /// <summary>An indicator's checks from the live count of each requirement and its candidates (see the requirement's overload).</summary>
    public static IndicatorCheck Check(FrameworkNode node, IReadOnlyDictionary<int, int> liveCounts, ILookup<int, EvidenceItem> candidatesByRequirement)
    {
        var requirements = node.Materials.OrderBy(m => m.No)
            .Select(m => Check(m, liveCounts.GetValueOrDefault(m.Id), candidatesByRequirement[m.Id].ToList())).ToList();
        var completeness = requirements.Count == 0 ? 1.0 : requirements.Average(r => r.Completeness);
        return new IndicatorCheck(node.Id, NodeKinds.ToJson(node.Kind), node.Code, completeness, requirements);
    }

    /// <summary>Characters as users count them: every character except whitespace.</summary>
    public static int CountChars(string text) => text.Count(c => !char.IsWhiteSpace(c));
}
