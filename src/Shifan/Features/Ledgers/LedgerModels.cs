using Shifan.Core.Ledgers;

namespace Shifan.Features.Ledgers;

public sealed record PeriodRow(int Id, string Key, string Name, string Kind, DateOnly StartsOn, DateOnly EndsOn, DateOnly DueOn, bool Overdue);

public sealed record PeriodInput(string? Name, DateOnly? StartsOn, DateOnly? EndsOn, DateOnly? DueOn, string? Kind);

public sealed record DueDayInput(int? DueDay);

public sealed record LedgerLine(int NodeId, string Code, string Title, string Methods, string Requirements, string Materials, int EvidenceCount,
    LedgerProgress? Progress, string ProgressName, string? Note);

public sealed record LedgerView(PeriodRow Period, int UnitId, string UnitName, int? LedgerId, int Revision, string Status, string Standing, bool Late,
    bool Frozen, bool Confirmed, string? Filler, string? Contact, DateTimeOffset? SubmittedAt, string? SubmittedBy, DateTimeOffset? ConfirmedAt,
    string? ConfirmedBy, IReadOnlyList<LedgerLine> Lines);

public sealed record LedgerLineInput(int NodeId, string? Progress, string? Note);

public sealed record LedgerInput(string? Filler, string? Contact, List<LedgerLineInput>? Entries);

public sealed record LedgerRevisionRow(int Revision, string Status, DateTimeOffset UpdatedAt, string UpdatedBy, DateTimeOffset? SubmittedAt, string? SubmittedBy,
    DateTimeOffset? ConfirmedAt, string? ConfirmedBy, IReadOnlyList<LedgerChange> Changes);

public sealed record UnitStandingRow(int UnitId, string UnitName, string? Liaison, string? Phone, int Indicators, string Standing, bool Late, bool Submitted,
    bool NotStarted, int Revision, DateTimeOffset? SubmittedAt, bool Confirmed, int Done, int InProgress, int NotStartedCount, int NotApplicable, int Blank);

public sealed record PeriodOverview(PeriodRow Period, IReadOnlyList<UnitStandingRow> Units)
{
    public int SubmittedCount => Units.Count(u => u.Submitted);
    public int LateCount => Units.Count(u => u.Late);
    public int NotStartedCount => Units.Count(u => u.NotStarted);
}
