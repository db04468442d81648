using System.Security.Cryptography;
using System.Text;
using Shifan.Core.Evidence;

namespace Shifan.Core.Reviews;

/// <summary>The four figures everyone sees, whoever looks: 通过 / 待审 / 退回 / 未提交.</summary>
public enum ReviewStanding { Approved, Pending, Returned, NotSubmitted }

public static class ReviewStates
{
    public static string DisplayName(ReviewState state, bool needsLead = false) => state switch
    {
        ReviewState.Draft => "未提交",
        ReviewState.Submitted => needsLead ? "待牵头单位审核" : "待审核",
        ReviewState.LeadApproved => "牵头单位已审核",
        ReviewState.Approved => "通过",
        _ => "退回",
    };

    public static string DisplayName(ReviewStanding standing) => standing switch
    {
        ReviewStanding.Approved => "通过",
        ReviewStanding.Pending => "待审",
        ReviewStanding.Returned => "退回",
        _ => "未提交",
    };

    public static string ActionName(ReviewAction action) => action switch
    {
        ReviewAction.Submit => "提交",
        ReviewAction.LeadApprove => "牵头单位审核通过",
        ReviewAction.Approve => "审核通过",
        ReviewAction.Return => "退回",
        _ => "重新打开",
    };

    public static ReviewStanding Standing(ReviewState state) => state switch
    {
        ReviewState.Approved => ReviewStanding.Approved,
        ReviewState.Submitted or ReviewState.LeadApproved => ReviewStanding.Pending,
        ReviewState.Returned => ReviewStanding.Returned,
        _ => ReviewStanding.NotSubmitted,
    };

    /// <summary>
    /// A requirement's standing over the units that contributed to it: approved when every
    /// contribution is; returned when any is; pending when any waits for a decision; otherwise not submitted.
    /// </summary>
    public static ReviewStanding Combine(IEnumerable<ReviewState> states)
    {
        var list = states.ToList();
        if (list.Count == 0) return ReviewStanding.NotSubmitted;
        if (list.All(s => s == ReviewState.Approved)) return ReviewStanding.Approved;
        if (list.Contains(ReviewState.Returned)) return ReviewStanding.Returned;
        if (list.Any(s => s is ReviewState.Submitted or ReviewState.LeadApproved)) return ReviewStanding.Pending;
        return ReviewStanding.NotSubmitted;
    }
}

/// <summary>
/// What a submission or approval rested on, written as sorted "item:version:hash" entries, so any
/// later replacement, deletion or addition shows as a difference. A 情况说明 is pinned by the hash of its
/// text, a classified registration by its place of keeping.
/// </summary>
public static class ReviewPins
{
    public sealed record Pin(int ItemId, string Version, string Hash, string Title);

    public static Pin Of(EvidenceItem item)
    {
        if (item.Classified) return new Pin(item.Id, "登记", Hash($"{item.SecrecyLevel}|{item.KeptAt}|{item.Holder}"), item.Title);
        if (item.Text is { } text) return new Pin(item.Id, "文字", Hash(text), item.Title);
        if (item.Current is { } v) return new Pin(item.Id, v.VersionNo.ToString(), v.Sha256, item.Title);
        return new Pin(item.Id, "网址", Hash(item.SourceUrl ?? ""), item.Title);
    }

    public static string Write(IEnumerable<Pin> pins) =>
        string.Join(";", pins.OrderBy(p => p.ItemId).Select(p => $"{p.ItemId}:{p.Version}:{p.Hash}"));

    public static IReadOnlyList<(int ItemId, string Version, string Hash)> Read(string pins) =>
        pins.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(':'))
            .Where(p => p.Length == 3 && int.TryParse(p[0], out _))
            .Select(p => (int.Parse(p[0]), p[1], p[2]))
            .ToList();

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
