namespace Shifan.Documents.SelfAssessment;

/// <summary>A 情况说明 of an indicator: its title, its unit and its text (null when it was uploaded as a file).</summary>
public sealed record ExplanationText(int NodeId, int UnitId, string Title, string? Text);
