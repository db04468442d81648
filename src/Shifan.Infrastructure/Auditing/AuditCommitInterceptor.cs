using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Infrastructure.Auditing;

/// <summary>Writes the audit checkpoint only once the transaction that appended the records has committed.</summary>
internal sealed class AuditCommitInterceptor : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as ShifanDbContext)?.OnTransactionEnded(eventData.TransactionId, committed: true);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as ShifanDbContext)?.OnTransactionEnded(eventData.TransactionId, committed: false);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }
}
