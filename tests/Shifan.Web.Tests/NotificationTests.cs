using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shifan.Core.Notifications;
using Shifan.Core.Users;
using Shifan.Features.Notifications;
using Shifan.TestSupport;

namespace Shifan.Web.Tests;

/// <summary>
/// Notifications end to end with real parts: a real SMTP server (tests/mail-sink, smtp-server from npm), a local
/// HTTP listener as the group robot, two app instances on one database, and a fake clock in China Standard Time.
/// </summary>
public class NotificationTests
{
    private const string Unit = "行政审批科";

    /// <summary>09:00 CST on 2 December 2026.</summary>
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero));

    private static Dictionary<string, string> Settings(MailSink? mail = null, WebhookListener? robot = null, Dictionary<string, string>? more = null)
    {
        var s = new Dictionary<string, string> { ["Shifan:Scheduler"] = "off", ["Shifan:PublicUrl"] = "https://shifan.test" };
        if (mail is not null)
        {
            s["Shifan:Smtp:Host"] = "127.0.0.1";
            s["Shifan:Smtp:Port"] = mail.Port.ToString();
            s["Shifan:Smtp:Security"] = "None";
            s["Shifan:Smtp:From"] = "shifan@test.local";
        }
        if (robot is not null) s["Shifan:Webhooks:Url"] = robot.Url;
        foreach (var (k, v) in more ?? []) s[k] = v;
        return s;
    }

    private static ShifanApp App(string provider, FakeTimeProvider clock, Dictionary<string, string> settings) =>
        new(provider, settings) { TestServices = s => s.AddSingleton<TimeProvider>(clock) };

    /// <summary>No deadline anywhere (assignments, stages, ledgers) except <paramref name="count"/> of the unit's assignments, due on <paramref name="due"/>; returns the unit id.</summary>
    private static Task<int> DeadlinesAsync(ShifanApp app, DateOnly due, int count = 2, string unit = Unit) => app.WithDbAsync(async db =>
    {
        await db.Assignments.ExecuteUpdateAsync(s => s.SetProperty(a => a.StageId, (int?)null).SetProperty(a => a.Deadline, (DateOnly?)null));
        // Nor a ledger due in the window: the demo's monthly periods are moved out of it.
        await db.LedgerPeriods.ExecuteUpdateAsync(s => s.SetProperty(p => p.DueOn, new DateOnly(2099, 1, 5)));
        var unitId = await db.Units.Where(u => u.Name == unit).Select(u => u.Id).FirstAsync();
        var ids = await db.Assignments.Where(a => a.UnitId == unitId).OrderBy(a => a.Id).Select(a => a.Id).Take(count).ToListAsync();
        await db.Assignments.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Deadline, due));
        return unitId;
    });

    private static Task SetEmailAsync(ShifanApp app, string userName, string email, NotificationDelivery delivery = NotificationDelivery.Immediate) => app.WithDbAsync(async db =>
    {
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        user.Email = email;
        user.Delivery = delivery;
        return await db.SaveChangesAsync();
    });

    private static NotificationJobs Jobs(ShifanApp app) => app.Services.GetRequiredService<NotificationJobs>();

    [Fact]
    public async Task RemindersBeforeAndAfterADeadlineReachTheRealMailServerAndTheGroupRobot()
    {
        await using var mail = await MailSink.StartAsync();
        await using var robot = new WebhookListener();
        var clock = Clock();
        await using var app = App("sqlite", clock, Settings(mail, robot));
        await app.CreateUserAsync("li1", Roles.Liaison, Unit);
        await app.CreateUserAsync("head1", Roles.UnitHead, Unit);
        await SetEmailAsync(app, "li1", "li1@example.com");
        await SetEmailAsync(app, "head1", "head1@example.com");
        await DeadlinesAsync(app, new DateOnly(2026, 12, 5));

        // Three days before: the liaison only; a second scan (hourly, or after a restart) sends nothing more.
        Assert.Equal(1, await Jobs(app).RunRemindersAsync());
        Assert.Equal(0, await Jobs(app).RunRemindersAsync());
        Assert.Equal(2, await Jobs(app).RunOutboxAsync());

        var mails = await mail.WaitForAsync(1);
        var (rcpt, message) = Assert.Single(mails);
        Assert.Equal("li1@example.com", rcpt);
        Assert.Equal("li1@example.com", message.To.Mailboxes.Single().Address);
        Assert.Equal("【示范创建】行政审批科：任务将于12月5日截止（3天后）", message.Subject);
        Assert.Contains("行政审批科有2项指标任务尚未上传佐证材料", message.TextBody);
        Assert.Contains("截止日期为2026年12月5日（3天后）", message.TextBody);
        Assert.Contains("https://shifan.test/campaigns/", message.TextBody);

        var posted = Assert.Single(await robot.WaitForAsync(1));
        using (var json = JsonDocument.Parse(posted.Body))
        {
            Assert.Equal("text", json.RootElement.GetProperty("msgtype").GetString());
            var content = json.RootElement.GetProperty("text").GetProperty("content").GetString()!;
            Assert.StartsWith("【到期提醒】行政审批科：任务将于12月5日截止", content);
        }

        // One day before: another reminder; two days before is not a reminder day.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await Jobs(app).RunRemindersAsync());
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await Jobs(app).RunRemindersAsync());

        // The day is counted in China Standard Time: 16:30 UTC on 5 December is already the 6th in Beijing.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 15, 30, 0, TimeSpan.Zero));
        Assert.Equal(0, await Jobs(app).RunRemindersAsync());
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 16, 30, 0, TimeSpan.Zero));
        Assert.Equal(2, await Jobs(app).RunRemindersAsync());
        Assert.Equal(0, await Jobs(app).RunRemindersAsync());
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await Jobs(app).RunRemindersAsync());

        Assert.Equal(5, await Jobs(app).RunOutboxAsync());
        mails = await mail.WaitForAsync(4);
        Assert.Equal(4, mails.Count);
        var escalated = Assert.Single(mails, m => m.Recipients == "head1@example.com");
        Assert.Equal("【示范创建】行政审批科：任务已逾期（12月5日截止）", escalated.Message.Subject);
        Assert.Contains("请单位负责人督促落实", escalated.Message.TextBody);

        var kinds = await app.WithDbAsync(db => db.Notifications.OrderBy(n => n.Id).Select(n => n.Kind).ToListAsync());
        Assert.Equal([NotificationKind.DueSoon, NotificationKind.DueSoon, NotificationKind.Overdue, NotificationKind.Overdue], kinds);
        // Work with material on it is not nagged about.
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(m => m.Status != OutboxStatus.Sent)));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TwoInstancesAtOnceAndARestartSendEachReminderExactlyOnce(string provider)
    {
        await using var mail = await MailSink.StartAsync();
        var clock = Clock();
        var settings = Settings(mail);
        await using var first = App(provider, clock, settings);
        var liaisons = new[] { "li1", "li2", "li3", "li4" };
        foreach (var name in liaisons)
        {
            await first.CreateUserAsync(name, Roles.Liaison, Unit);
            await SetEmailAsync(first, name, $"{name}@example.com");
        }
        await DeadlinesAsync(first, new DateOnly(2026, 12, 3));

        int[] stored;
        await using (var second = new ShifanApp(provider, first.DataDirectory, first.ConnectionString, settings) { TestServices = s => s.AddSingleton<TimeProvider>(clock) })
        {
            _ = second.Services;
            var runs = Enumerable.Range(0, 3).SelectMany(_ => new[] { Jobs(first), Jobs(second) }).Select(j => Task.Run(() => j.RunRemindersAsync())).ToList();
            stored = await Task.WhenAll(runs);
            var sent = await Task.WhenAll(Jobs(first).RunOutboxAsync(), Jobs(second).RunOutboxAsync(), Jobs(second).RunOutboxAsync());
            Assert.Equal(liaisons.Length, sent.Sum());
        }
        Assert.Equal(liaisons.Length, stored.Sum());
        Assert.Equal(liaisons.Length, await first.WithDbAsync(db => db.Notifications.CountAsync()));
        Assert.Equal(liaisons.Length, await first.WithDbAsync(db => db.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent && m.Attempts == 1)));

        // A restart on the same database: nothing is stored or sent again.
        await using (var restarted = new ShifanApp(provider, first.DataDirectory, first.ConnectionString, settings) { TestServices = s => s.AddSingleton<TimeProvider>(clock) })
        {
            Assert.Equal(0, await Jobs(restarted).RunRemindersAsync());
            Assert.Equal(0, await Jobs(restarted).RunOutboxAsync());
        }
        var mails = await mail.WaitForAsync(liaisons.Length);
        await Task.Delay(500);
        mails = mail.Messages();
        Assert.Equal(liaisons.Select(n => $"{n}@example.com").Order(), mails.Select(m => m.Recipients).Order());
    }

    [Fact]
    public async Task UsersSeeAndMarkOnlyTheirOwnNotifications()
    {
        var clock = Clock();
        await using var app = App("sqlite", clock, Settings());
        var a = await app.CreateUserAsync("usera", Roles.Liaison, Unit);
        var b = await app.CreateUserAsync("userb", Roles.Liaison, Unit);
        var notifier = app.Services.GetRequiredService<INotifier>();
        var campaign = await app.DemoCampaignIdAsync();
        Assert.Equal(1, await notifier.NotifyAsync([a.Id], new NotificationMessage(NotificationKind.Returned, campaign, "材料被退回：指标1", "原因：材料缺失", "/campaigns/1", "t:a")));
        Assert.Equal(2, await notifier.NotifyAsync([b.Id, a.Id], new NotificationMessage(NotificationKind.Approved, campaign, "材料已通过：指标2", "", "https://evil.example/x", "t:b")));
        Assert.Equal(0, await notifier.NotifyAsync([b.Id], new NotificationMessage(NotificationKind.Approved, campaign, "材料已通过：指标2", "", null, "t:b")));
        var bOnly = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == b.Id).Select(n => n.Id).SingleAsync());

        var clientA = await app.ApiClientAsync("usera");
        var list = await clientA.GetFromJsonAsync<JsonElement>("/api/notifications");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal(2, list.GetProperty("unread").GetInt32());
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(items, i => i.GetProperty("id").GetInt64() == bOnly);
        Assert.Equal("材料已通过：指标2", items[0].GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("link").ValueKind); // an outside address is never kept as a link

        Assert.Equal(HttpStatusCode.NotFound, (await clientA.PostAsync($"/api/notifications/{bOnly}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await clientA.PostAsync($"/api/notifications/{items[1].GetProperty("id").GetInt64()}/read", null)).StatusCode);
        var all = await clientA.PostAsync("/api/notifications/read-all", null);
        Assert.Equal(1, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marked").GetInt32());
        Assert.Equal(0, (await clientA.GetFromJsonAsync<JsonElement>("/api/notifications?unread=true")).GetProperty("total").GetInt32());
        Assert.Null(await app.WithDbAsync(db => db.Notifications.Where(n => n.Id == bOnly).Select(n => n.ReadAt).SingleAsync()));

        // The page and the bell show B's own notification, not A's.
        var browserB = await app.CookieClientAsync("userb");
        // Razor writes Chinese text as character references; decode before reading it.
        var html = WebUtility.HtmlDecode(await browserB.GetStringAsync("/notifications"));
        Assert.Contains("材料已通过：指标2", html);
        Assert.DoesNotContain("材料被退回", html);
        Assert.Matches("id=\"notification-count\">1<", html);
        var marked = await ShifanApp.PostFormAsync(browserB, "/notifications", "read-all", []);
        Assert.Contains("已将 1 条通知标为已读", WebUtility.HtmlDecode(await marked.Content.ReadAsStringAsync()));
        Assert.DoesNotContain("notification-count", await browserB.GetStringAsync("/notifications"));

        // Without a sign-in there is nothing to see.
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/notifications")).StatusCode);
        var page = await anonymous.GetAsync("/notifications");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task DigestUsersGetOneEmailADayInsteadOfAFlood()
    {
        await using var mail = await MailSink.StartAsync();
        var clock = Clock();
        await using var app = App("sqlite", clock, Settings(mail));
        var user = await app.CreateUserAsync("digester", Roles.Liaison, Unit);
        var other = await app.CreateUserAsync("instant", Roles.Liaison, Unit);
        await SetEmailAsync(app, "digester", "digester@example.com", NotificationDelivery.Digest);
        await SetEmailAsync(app, "instant", "instant@example.com");
        var notifier = app.Services.GetRequiredService<INotifier>();
        for (var i = 1; i <= 3; i++)
            await notifier.NotifyAsync([user.Id, other.Id], new NotificationMessage(NotificationKind.Returned, null, $"材料被退回：指标{i}", "原因：时间不符", null, $"r:{i}"));
        Assert.Equal(3, await app.WithDbAsync(db => db.Outbox.CountAsync()));

        // Before 18:00 CST the digest of the previous day is due, and there was nothing then.
        Assert.Equal(0, await Jobs(app).RunDigestAsync());
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 10, 30, 0, TimeSpan.Zero));
        Assert.Equal(1, await Jobs(app).RunDigestAsync());
        Assert.Equal(0, await Jobs(app).RunDigestAsync());
        Assert.Equal(4, await Jobs(app).RunOutboxAsync());

        var digest = Assert.Single(await mail.WaitForAsync(4), m => m.Recipients == "digester@example.com").Message;
        Assert.Equal("【示范创建】每日通知摘要（12月2日，共3条）", digest.Subject);
        Assert.Contains("1. 【退回】材料被退回：指标1（09:00）", digest.TextBody);
        Assert.Contains("3. 【退回】材料被退回：指标3", digest.TextBody);
        // The digest is in the list too, but does not count as unread.
        Assert.Equal(3, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == user.Id && n.ReadAt == null)));
    }

    [Fact]
    public async Task FailedDeliveriesAreRetriedWithBackoffAndDingTalkSigning()
    {
        await using var robot = new WebhookListener();
        var clock = Clock();
        await using var app = App("sqlite", clock, Settings(robot: robot, more: new() { ["Shifan:Webhooks:Secret"] = "SEC123", ["Shifan:Webhooks:Keyword"] = "示范创建" }));
        var user = await app.CreateUserAsync("li1", Roles.Liaison, Unit);
        robot.ThenAnswer(500, "busy");
        robot.ThenAnswer(200, "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}");
        await app.Services.GetRequiredService<INotifier>().NotifyAsync([user.Id], new NotificationMessage(NotificationKind.Notice, null, "请于周五前报送台账", "", null, "notice:1"));

        Assert.Equal(0, await Jobs(app).RunOutboxAsync());
        var m = await app.WithDbAsync(db => db.Outbox.SingleAsync());
        Assert.Equal((1, OutboxStatus.Pending), (m.Attempts, m.Status));
        Assert.Contains("500", m.LastError);
        // Not before the backoff has passed.
        Assert.Equal(0, await Jobs(app).RunOutboxAsync());
        Assert.Single(robot.Received);
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0, await Jobs(app).RunOutboxAsync());
        m = await app.WithDbAsync(db => db.Outbox.SingleAsync());
        Assert.Equal(2, m.Attempts);
        Assert.Contains("310000", m.LastError);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, await Jobs(app).RunOutboxAsync());
        m = await app.WithDbAsync(db => db.Outbox.SingleAsync());
        Assert.Equal((3, OutboxStatus.Sent, (string?)null), (m.Attempts, m.Status, m.LastError));

        var last = robot.Received.Last();
        var expected = Shifan.Infrastructure.Notifications.WebhookSender.Signed(robot.Url, "SEC123", clock.GetUtcNow().ToUnixTimeMilliseconds());
        Assert.EndsWith(last.PathAndQuery, expected);
        using var json = JsonDocument.Parse(last.Body);
        Assert.Equal("【示范创建】【通知】请于周五前报送台账", json.RootElement.GetProperty("text").GetProperty("content").GetString());
    }

    [Fact]
    public async Task TheOfficeSetsACampaignsReminderDaysAndRobot()
    {
        await using var robot = new WebhookListener();
        var clock = Clock();
        await using var app = App("sqlite", clock, Settings());
        await app.CreateUserAsync("li1", Roles.Liaison, Unit);
        var office = await app.OfficeClientAsync();
        var campaign = await app.DemoCampaignIdAsync();
        var path = $"/api/campaigns/{campaign}/notification-settings";

        var bad = await office.PutAsJsonAsync(path, new { reminderDays = "三天" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("reminderDays", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await office.PutAsJsonAsync(path, new { webhookUrl = "ftp://x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await office.PutAsJsonAsync(path, new { reminderDays = "7，2", webhookUrl = robot.Url })).StatusCode);
        var view = await office.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal([7, 2], view.GetProperty("effectiveDays").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("127.0.0.1", view.GetProperty("webhookHost").GetString());
        Assert.DoesNotContain("test-token", view.GetRawText());

        await DeadlinesAsync(app, new DateOnly(2026, 12, 9));
        Assert.Equal(1, await Jobs(app).RunRemindersAsync());
        Assert.Equal(1, await Jobs(app).RunOutboxAsync());
        using var json = JsonDocument.Parse(Assert.Single(await robot.WaitForAsync(1)).Body);
        Assert.Contains("12月9日截止（7天后）", json.RootElement.GetProperty("text").GetProperty("content").GetString());
    }

    [Fact]
    public async Task TheOfficeSetsTheRobotOnTheCampaignPageAndAdminsSetUserEmails()
    {
        await using var app = App("sqlite", Clock(), Settings());
        await app.CreateUserAsync("office1", Roles.Office, "示范创建工作领导小组办公室");
        await app.CreateUserAsync("root", Roles.SecurityAdmin);
        var li = await app.CreateUserAsync("li1", Roles.Liaison, Unit);
        var campaign = await app.DemoCampaignIdAsync();
        var office = await app.CookieClientAsync("office1");
        var path = $"/campaigns/{campaign}";

        var refused = WebUtility.HtmlDecode(await (await ShifanApp.PostFormAsync(office, path, "notification-settings", new() { ["Robot.ReminderDays"] = "明天" })).Content.ReadAsStringAsync());
        Assert.Contains("提醒天数须为0-60之间的整数", refused);
        var saved = WebUtility.HtmlDecode(await (await ShifanApp.PostFormAsync(office, path, "notification-settings", new()
        {
            ["Robot.ReminderDays"] = "5,1", ["Robot.WebhookUrl"] = "https://oapi.dingtalk.com/robot/send?access_token=SECRET-TOKEN", ["Robot.WebhookSecret"] = "SEC-XYZ",
        })).Content.ReadAsStringAsync());
        Assert.Contains("已保存提醒与群机器人设置", saved);
        Assert.Contains("已设置（oapi.dingtalk.com）", saved);
        Assert.DoesNotContain("SECRET-TOKEN", saved);
        Assert.DoesNotContain("SEC-XYZ", saved);
        var stored = await app.WithDbAsync(db => db.CampaignNotificationSettings.SingleAsync(s => s.CampaignId == campaign));
        Assert.Equal(("5,1", "SEC-XYZ"), (stored.ReminderDays, stored.WebhookSecret));
        // The operation log records the change without the robot's token or secret.
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == nameof(CampaignNotificationSettings)).Select(a => a.Changes).ToListAsync());
        Assert.NotEmpty(audit);
        Assert.DoesNotContain(audit, c => c.Contains("SECRET-TOKEN") || c.Contains("SEC-XYZ"));
        // A liaison's page has no such dialog.
        var liaison = await app.CookieClientAsync("li1");
        Assert.DoesNotContain("notification-settings", await liaison.GetStringAsync(path));

        var admin = await app.ApiClientAsync("root");
        var bad = await admin.PutAsJsonAsync($"/api/users/{li.Id}", new { email = "不是邮箱" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("email", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/users/{li.Id}", new { email = "li1@example.com" })).StatusCode);
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/users?q=li1");
        Assert.Equal("li1@example.com", users.GetProperty("items")[0].GetProperty("email").GetString());
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = "li2", role = Roles.Liaison, unitId = (await app.WithDbAsync(db => db.Users.Where(u => u.Id == li.Id).Select(u => u.UnitId).SingleAsync())), email = "li2@example.com" });
        created.EnsureSuccessStatusCode();
        Assert.Equal("li2@example.com", await app.WithDbAsync(db => db.Users.Where(u => u.UserName == "li2").Select(u => u.Email).SingleAsync()));
    }

    [Fact]
    public async Task TheSchedulerSendsTheOutboxWithoutBeingAsked()
    {
        await using var robot = new WebhookListener();
        var settings = Settings(robot: robot, more: new() { ["Shifan:Scheduler"] = "on", ["Shifan:Outbox:Interval"] = "00:00:01" });
        // The real clock here: Quartz fires on it, and the outbox compares against it.
        await using var app = new ShifanApp("sqlite", settings);
        var user = await app.CreateUserAsync("li1", Roles.Liaison, Unit);
        await app.Services.GetRequiredService<INotifier>().NotifyAsync([user.Id], new NotificationMessage(NotificationKind.Notice, null, "定时发送测试", "", null, "scheduler:1"));
        var posted = Assert.Single(await robot.WaitForAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Contains("定时发送测试", posted.Body);
        var until = DateTime.UtcNow.AddSeconds(10);
        while (await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Status != OutboxStatus.Sent)) && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.Equal(OutboxStatus.Sent, await app.WithDbAsync(db => db.Outbox.Select(m => m.Status).SingleAsync()));
    }
}
