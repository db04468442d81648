namespace Shifan.Documents.Problems;

/// <summary>One problem as its row reads; the last four cells are the 整改台账's (empty in the 问题清单).</summary>
public sealed record ProblemSheetRow(string No, string Indicator, string Description, string Source, string OwnerUnit, string Measure, string Deadline,
    string Status, string Rectification = "", string Proof = "", string ClosedOn = "", string ClosedBy = "");
