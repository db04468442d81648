namespace Shifan.Core.SelfAssessment;

/// <summary>A self-rating of one indicator against its standard (自查自评).</summary>
public enum RatingLevel
{
    /// <summary>达标.</summary>
    Met,
    /// <summary>基本达标.</summary>
    PartlyMet,
    /// <summary>未达标.</summary>
    NotMet,
    /// <summary>不涉及: the indicator drops out of the score and its points go to its siblings.</summary>
    NotApplicable,
}

public static class RatingLevels
{
    /// <summary>The share of an indicator's points a rating earns; 基本达标 earns half (written down in docs/decisions/ADR-021).</summary>
    public static decimal Factor(RatingLevel level) => level switch
    {
        RatingLevel.Met => 1m,
        RatingLevel.PartlyMet => 0.5m,
        _ => 0m,
    };

    public static string Name(RatingLevel level) => level switch
    {
        RatingLevel.Met => "达标",
        RatingLevel.PartlyMet => "基本达标",
        RatingLevel.NotMet => "未达标",
        _ => "不涉及",
    };

    public static bool TryParse(string? text, out RatingLevel level)
    {
        switch (text?.Trim())
        {
            case "达标" or "met" or "Met": level = RatingLevel.Met; return true;
            case "基本达标" or "partlymet" or "PartlyMet": level = RatingLevel.PartlyMet; return true;
            case "未达标" or "notmet" or "NotMet": level = RatingLevel.NotMet; return true;
            case "不涉及" or "notapplicable" or "NotApplicable": level = RatingLevel.NotApplicable; return true;
            default: level = default; return false;
        }
    }

    /// <summary>Ratings that put a problem on the 问题清单.</summary>
    public static bool FallsShort(RatingLevel level) => level is RatingLevel.NotMet or RatingLevel.PartlyMet;
}
