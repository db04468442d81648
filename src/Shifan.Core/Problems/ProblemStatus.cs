namespace Shifan.Core.Problems;

/// <summary>待整改 → 整改中 → 待销号 → 已销号, or back to 整改中 when the office returns the proof (退回整改).</summary>
public enum ProblemStatus { Open, InProgress, AwaitingClose, Closed }

/// <summary>Where a problem was found.</summary>
public enum ProblemSource { SelfRating, ReviewReturn, Inspection, Manual }

public enum ProblemAction { Raise, Edit, Start, SubmitProof, Close, ReturnForRework }

public static class ProblemNames
{
    public static string Status(ProblemStatus s) => s switch
    {
        ProblemStatus.Open => "待整改",
        ProblemStatus.InProgress => "整改中",
        ProblemStatus.AwaitingClose => "待销号",
        _ => "已销号",
    };

    public static string Source(ProblemSource s) => s switch
    {
        ProblemSource.SelfRating => "自查自评",
        ProblemSource.ReviewReturn => "审核退回",
        ProblemSource.Inspection => "督查发现",
        _ => "手工登记",
    };

    public static string Action(ProblemAction a) => a switch
    {
        ProblemAction.Raise => "登记问题",
        ProblemAction.Edit => "修改",
        ProblemAction.Start => "开始整改",
        ProblemAction.SubmitProof => "提交销号材料",
        ProblemAction.Close => "销号",
        _ => "退回整改",
    };
}
