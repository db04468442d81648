using Quartz;
using Shifan.Infrastructure.Notifications;

namespace Shifan.Features.Notifications;

public static class NotificationSetup
{
    /// <summary>The notification services (web app and commands alike); settings are read from configuration when first needed.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton(sp => NotificationOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => SmtpSettings.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<SmtpSender>();
        services.AddHttpClient<WebhookSender>(c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<INotifier, Notifier>();
        services.AddSingleton<NotificationJobs>();
        services.AddScoped<IReminderSource, AssignmentDeadlines>();
        services.AddScoped<IReminderSource, Ledgers.LedgerDeadlines>();
        services.AddScoped<IReminderSource, Problems.ProblemDeadlines>();
        services.AddScoped<ReminderScanner>();
        services.AddScoped<DigestBuilder>();
        services.AddScoped<OutboxSender>();
        services.AddScoped<NotificationService>();
        services.AddScoped<CampaignNotificationSettingsService>();
        return services;
    }

    /// <summary>China Standard Time without relying on the machine's time zone database.</summary>
    public static readonly TimeZoneInfo ChinaStandardTime =
        TimeZoneInfo.CreateCustomTimeZone("China Standard Time (UTC+8)", Core.ChinaTime.Offset, "中国标准时间", "中国标准时间");

    /// <summary>
    /// Quartz runs the reminder scan, the digest and the outbox sender in the web app. Its own store is in
    /// memory on purpose: what must survive a restart or be shared between instances (sent reminders, the
    /// outbox and its claims) lives in our tables (ADR-013).
    /// </summary>
    public static IServiceCollection AddNotificationScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        var options = NotificationOptions.From(configuration);
        if (!options.SchedulerEnabled) return services;
        services.AddQuartz(q =>
        {
            q.ScheduleJob<ReminderScanJob>(
                t => t.WithIdentity("reminder-scan").WithSchedule(CronScheduleBuilder.Create(options.ReminderCron).InTimeZone(ChinaStandardTime)),
                j => j.WithIdentity("reminder-scan").DisallowConcurrentExecution(true));
            q.ScheduleJob<DigestJob>(
                t => t.WithIdentity("digest").WithSchedule(CronScheduleBuilder.Create(options.DigestCron).InTimeZone(ChinaStandardTime)),
                j => j.WithIdentity("digest").DisallowConcurrentExecution(true));
            q.ScheduleJob<OutboxJob>(
                t => t.WithIdentity("outbox").StartNow().WithSchedule(SimpleScheduleBuilder.Create().WithInterval(options.OutboxInterval).RepeatForever()),
                j => j.WithIdentity("outbox").DisallowConcurrentExecution(true));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
