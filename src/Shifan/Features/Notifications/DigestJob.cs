using Quartz;

namespace Shifan.Features.Notifications;

/// <summary>The daily digest.</summary>
public sealed class DigestJob(NotificationJobs jobs) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await jobs.RunDigestAsync(cancellationToken);
}
