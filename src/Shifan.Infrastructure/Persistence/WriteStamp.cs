using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Shifan.Infrastructure.Persistence;

/// <summary>
/// A counter that moves whenever this process writes to the database: after every statement that
/// changes data and after every commit. A read that is expensive and asked often (我的待办, the review
/// queue) may be kept under the value it was computed at and reused until the counter moves, so it is
/// never older than this process's last write. Writes by another process (a command, a second app
/// instance) do not move it; callers bound that with a short expiry (ADR-024).
/// </summary>
public static partial class WriteStamp
{
    private static long value;

    /// <summary>Read before the query whose result is kept, never after.</summary>
    public static long Current => Volatile.Read(ref value);

    internal static void Moved() => Interlocked.Increment(ref value);

    [GeneratedRegex(@"(^|;)\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|CREATE|DROP|ALTER|TRUNCATE|COPY)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WritingStatement();

    /// <summary>A statement that writes only the sign-in sessions (a session's last-seen time, touched once a minute per user).</summary>
    [GeneratedRegex(@"(^|;)\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+""UserSessions""\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SessionStatement();

    /// <summary>
    /// Whether the command changes data that a kept answer may show. Writes to the sign-in sessions alone do not: every
    /// signed-in user's requests touch their session once a minute, and fifty users doing so would otherwise make every
    /// kept answer unreachable about once a second (ADR-032). No kept answer reads the sessions.
    /// </summary>
    internal static bool Writes(string commandText) =>
        WritingStatement().Count(commandText) is var writes and > 0 && writes != SessionStatement().Count(commandText);
}

/// <summary>Moves <see cref="WriteStamp"/> once a writing statement has run and once any transaction has committed.</summary>
internal sealed class WriteStampInterceptor : IDbCommandInterceptor, IDbTransactionInterceptor
{
    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (WriteStamp.Writes(command.CommandText)) WriteStamp.Moved();
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        new(NonQueryExecuted(command, eventData, result));

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        if (WriteStamp.Writes(command.CommandText)) WriteStamp.Moved();
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
        new(ReaderExecuted(command, eventData, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => WriteStamp.Moved();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WriteStamp.Moved();
        return Task.CompletedTask;
    }
}
