using Quartz;

namespace Shifan.Features.Notifications;

/// <summary>The hourly reminder scan.</summary>
public sealed class ReminderScanJob(NotificationJobs jobs) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await jobs.RunRemindersAsync(cancellationToken);
}
