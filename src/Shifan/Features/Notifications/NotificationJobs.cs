namespace Shifan.Features.Notifications;

/// <summary>
/// Runs the scheduled work on demand (the Quartz jobs call these too): tests and commands trigger a run
/// here, never through an HTTP endpoint. Each run has its own scope and database context.
/// </summary>
public sealed class NotificationJobs(IServiceScopeFactory scopes)
{
    public async Task<int> RunRemindersAsync(CancellationToken ct = default)
    {
        using var system = ActingUser.AsSystem();
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderScanner>().ScanAsync(ct);
    }

    public async Task<int> RunDigestAsync(CancellationToken ct = default)
    {
        using var system = ActingUser.AsSystem();
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestBuilder>().SendAsync(ct);
    }

    public async Task<int> RunOutboxAsync(CancellationToken ct = default)
    {
        using var system = ActingUser.AsSystem();
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(ct);
    }
}
