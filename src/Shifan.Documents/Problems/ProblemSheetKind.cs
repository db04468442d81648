namespace Shifan.Documents.Problems;

/// <summary>Which official form: the 问题清单, or the 整改台账 that adds how each problem was fixed and closed.</summary>
public enum ProblemSheetKind { List, Ledger }
