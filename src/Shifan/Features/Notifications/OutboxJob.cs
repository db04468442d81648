using Quartz;

namespace Shifan.Features.Notifications;

/// <summary>The outbox sender.</summary>
public sealed class OutboxJob(NotificationJobs jobs) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await jobs.RunOutboxAsync(cancellationToken);
}
