using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shifan.Core.Users;
using Shifan.Features.Notifications;
using Shifan.TestSupport;
using Shifan.Web.Tests;

namespace Shifan.E2E;

/// <summary>The demo campaign on 2 December 2026, 09:00 China time, with a real SMTP server behind it.</summary>
public sealed class MonthlyRoundFixture : BrowserFixture
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    public MailSink Mail { get; }

    public MonthlyRoundFixture() : this(MailSink.StartAsync().GetAwaiter().GetResult()) { }

    private MonthlyRoundFixture(MailSink mail) : base(new ShifanApp("sqlite", new Dictionary<string, string>
    {
        ["Shifan:Scheduler"] = "off",
        ["Shifan:Smtp:Host"] = "127.0.0.1", ["Shifan:Smtp:Port"] = mail.Port.ToString(), ["Shifan:Smtp:Security"] = "None", ["Shifan:Smtp:From"] = "shifan@test.local",
        ["Shifan:Reminders:OverdueWindowDays"] = "30",
    }) { Clock = new FixedClock(Now) }) => Mail = mail;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

/// <summary>
/// The monthly round of the work plans in the browser: the liaison finds the ledger due on 我的待办, fills
/// and submits it, the unit head confirms it; the office finds the unit that missed the last ledger flagged,
/// and the reminder reaches that unit's liaison and head by e-mail through a real SMTP server. (The review
/// and return of material in the same round is ReviewLoopTests.)
/// </summary>
public class MonthlyRoundTests(MonthlyRoundFixture fx) : IClassFixture<MonthlyRoundFixture>
{
    [Fact]
    public async Task LedgerIsHandedInAndConfirmedAndTheLateUnitIsFlaggedAndRemindedByMail()
    {
        var campaign = await fx.App.DemoCampaignIdAsync();
        await fx.App.CreateUserAsync("head1", Roles.UnitHead, "行政审批科");

        // The liaison lands on the ledger due in three days and hands it in.
        var liaison = await fx.SignedInPageAsync("liaison1");
        var due = liaison.Locator("#my-work li[data-kind=ledger]").Filter(new() { HasText = "2026年11月工作台账3天后截止" });
        await Assertions.Expect(due).ToHaveCountAsync(1);
        await due.Locator("a").ClickAsync();
        await Assertions.Expect(liaison.Locator("#ledger-form")).ToBeVisibleAsync();
        await liaison.Locator("#ledger-form select").First.SelectOptionAsync("Done");
        await liaison.Locator("#ledger-form textarea").First.FillAsync("已出台审批服务“一次办”工作方案，11月办结率100%。");
        await liaison.Locator("input[name='Input.Filler']").FillAsync("党老师");
        await liaison.Locator("input[name='Input.Contact']").FillAsync("13800000008");
        await liaison.ClickAsync("#submit");
        await Assertions.Expect(liaison.Locator("#revise")).ToBeVisibleAsync();
        await liaison.GotoAsync("/");
        await Assertions.Expect(liaison.Locator("#my-work li[data-kind=ledger]").Filter(new() { HasText = "2026年11月" })).ToHaveCountAsync(0);

        var head = await fx.SignedInPageAsync("head1");
        var ledgerUrl = await fx.App.WithDbAsync(async db =>
        {
            var period = await db.LedgerPeriods.SingleAsync(p => p.CampaignId == campaign && p.Name == "2026年11月");
            var unit = await db.Units.SingleAsync(u => u.CampaignId == campaign && u.Name == "行政审批科");
            return $"/campaigns/{campaign}/ledgers/{period.Id}/units/{unit.Id}";
        });
        await head.GotoAsync(ledgerUrl);
        await head.ClickAsync("#confirm");
        await Assertions.Expect(head.Locator("#confirm")).ToHaveCountAsync(0);
        Assert.NotNull(await fx.App.WithDbAsync(db => db.Ledgers.Where(l => l.UnitId == db.Units.Single(u => u.CampaignId == campaign && u.Name == "行政审批科").Id && l.ConfirmedAt != null)
            .OrderByDescending(l => l.Id).Select(l => l.ConfirmedBy).FirstOrDefaultAsync()));

        // The unit that missed October's ledger (due 5 November) is flagged for the office.
        var (missingUnit, missingUnitName) = await fx.App.WithDbAsync(async db =>
        {
            var october = await db.LedgerPeriods.SingleAsync(p => p.CampaignId == campaign && p.Name == "2026年10月");
            var unit = await db.Units.Where(u => u.CampaignId == campaign && db.Assignments.Any(a => a.UnitId == u.Id)
                && !db.Ledgers.Any(l => l.PeriodId == october.Id && l.UnitId == u.Id && l.SubmittedAt != null)).SingleAsync();
            return (unit.Id, unit.Name);
        });
        var office = await fx.SignedInPageAsync("office1");
        var late = office.Locator("#my-work li[data-kind=late]");
        await Assertions.Expect(late).ToContainTextAsync("2026年10月工作台账有1个单位逾期未交");
        await late.Locator("a").ClickAsync();
        await Assertions.Expect(office.Locator("#late-count")).ToHaveTextAsync("1");
        await Assertions.Expect(office.Locator("#ledger-status tr").Filter(new() { HasText = missingUnitName })).ToContainTextAsync("逾期");

        // The scheduled scan reminds it: its liaison, and its head as the miss escalates, by e-mail.
        await fx.App.CreateUserAsync("lateliaison", Roles.Liaison, missingUnitName);
        await fx.App.CreateUserAsync("latehead", Roles.UnitHead, missingUnitName);
        await fx.App.WithDbAsync(async db =>
        {
            foreach (var u in await db.Users.Where(u => u.UserName == "lateliaison" || u.UserName == "latehead").ToListAsync()) u.Email = u.UserName + "@example.gov.cn";
            return await db.SaveChangesAsync();
        });
        var jobs = fx.App.Services.GetRequiredService<NotificationJobs>();
        Assert.True(await jobs.RunRemindersAsync() > 0);
        await jobs.RunOutboxAsync();
        var mails = await fx.Mail.WaitForAsync(2);
        var overdue = mails.Where(m => (m.Message.Subject ?? "").Contains(missingUnitName) && (m.Message.Subject ?? "").Contains("逾期")).ToList();
        Assert.Contains(overdue, m => m.Recipients.Contains("lateliaison@example.gov.cn"));
        Assert.Contains(overdue, m => m.Recipients.Contains("latehead@example.gov.cn"));
        Assert.Contains("工作台账", overdue[0].Message.TextBody ?? "");

        // The late unit's liaison sees the reminder in the app, one click from the ledger to hand in.
        var lateLiaison = await fx.SignedInPageAsync("lateliaison");
        await Assertions.Expect(lateLiaison.Locator("#my-work li[data-kind=ledger]").Filter(new() { HasText = "2026年10月工作台账逾期未交" })).ToHaveCountAsync(1);
        await lateLiaison.GotoAsync("/notifications");
        await Assertions.Expect(lateLiaison.Locator("body")).ToContainTextAsync("逾期");
        _ = missingUnit;
    }
}
