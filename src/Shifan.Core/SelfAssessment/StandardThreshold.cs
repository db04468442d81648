namespace Shifan.Core.SelfAssessment;

public enum Comparison { AtLeast, AtMost }

/// <summary>
/// A quantitative standard read from an indicator's text ("网上可办率不低于90%", "5小时内发布", "不少于3件"):
/// what is measured, which way, the figure and its unit. <see cref="Key"/> identifies it among the indicator's
/// thresholds so a unit's figure stays attached when the text is reread.
/// </summary>
public sealed record StandardThreshold(string Subject, Comparison Comparison, decimal Value, string UnitOfMeasure, string Source)
{
    public string Key => Source;

    /// <summary>"不低于90%" / "不超过5小时".</summary>
    public string Rule => $"{(Comparison == Comparison.AtLeast ? "不低于" : "不超过")}{Value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}{UnitOfMeasure}";

    public bool IsMetBy(decimal figure) => Comparison == Comparison.AtLeast ? figure >= Value : figure <= Value;
}
