using Shifan.Core;

namespace Shifan.Features.Ledgers;

/// <summary>A ledger action refused for a reason the user can fix (an empty ledger, a frozen one, overlapping periods): 400 naming the field.</summary>
public sealed class LedgerRefusedException(Refusal refusal) : Exception(refusal.Message)
{
    public Refusal Refusal { get; } = refusal;
}
