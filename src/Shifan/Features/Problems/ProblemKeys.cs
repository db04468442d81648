using Shifan.Core.Problems;

namespace Shifan.Features.Problems;

/// <summary>The keys the API and the pages use for statuses and sources.</summary>
public static class ProblemKeys
{
    public static string Of(ProblemStatus s) => s switch
    {
        ProblemStatus.Open => "open",
        ProblemStatus.InProgress => "inprogress",
        ProblemStatus.AwaitingClose => "awaiting",
        _ => "closed",
    };

    public static ProblemStatus? Status(string? key) => key?.Trim().ToLowerInvariant() switch
    {
        "open" or "待整改" => ProblemStatus.Open,
        "inprogress" or "整改中" => ProblemStatus.InProgress,
        "awaiting" or "待销号" => ProblemStatus.AwaitingClose,
        "closed" or "已销号" => ProblemStatus.Closed,
        _ => null,
    };

    public static string Of(ProblemSource s) => s switch
    {
        ProblemSource.SelfRating => "rating",
        ProblemSource.ReviewReturn => "review",
        ProblemSource.Inspection => "inspection",
        _ => "manual",
    };

    public static ProblemSource? Source(string? key) => key?.Trim().ToLowerInvariant() switch
    {
        "rating" or "自查自评" => ProblemSource.SelfRating,
        "review" or "审核退回" => ProblemSource.ReviewReturn,
        "inspection" or "督查发现" or "督查" => ProblemSource.Inspection,
        "manual" or "手工登记" => ProblemSource.Manual,
        _ => null,
    };
}
