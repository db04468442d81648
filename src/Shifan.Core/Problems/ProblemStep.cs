namespace Shifan.Core.Problems;

/// <summary>One step in a problem's history: who did what, when, and the state it left the problem in.</summary>
public sealed class ProblemStep
{
    public int Id { get; set; }
    public int ProblemId { get; set; }
    public ProblemAction Action { get; set; }
    public ProblemStatus Status { get; set; }
    public string Actor { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Note { get; set; }
}
