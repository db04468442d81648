using Shifan.Core.Auditing;
using Shifan.Core.Campaigns;
using Shifan.Core.Units;

namespace Shifan.Core.Tests;

public class CampaignAndUnitTests
{
    [Fact]
    public void DefaultStagesCoverThePeriodInOrderWithoutGaps()
    {
        var c = new Campaign { Name = "示范创建", Region = "某县", StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 31) };
        c.AddDefaultStages();
        Assert.Equal(Campaign.DefaultStageNames, c.Stages.Select(s => s.Name));
        Assert.Equal(c.StartsOn, c.Stages[0].StartsOn);
        Assert.Equal(c.EndsOn, c.Stages[^1].Deadline);
        for (var i = 1; i < c.Stages.Count; i++) Assert.Equal(c.Stages[i - 1].Deadline.AddDays(1), c.Stages[i].StartsOn);
        Assert.All(c.Stages, s => Assert.Null(s.Validate()));
        Assert.Equal("整改", c.CurrentStage(new DateOnly(2026, 4, 20))!.Name);
    }

    [Fact]
    public void StageDeadlineBeforeStartIsRejected()
    {
        var s = new CampaignStage { Name = "整改", StartsOn = new DateOnly(2026, 5, 1), Deadline = new DateOnly(2026, 4, 1) };
        Assert.Equal(new Refusal("阶段截止日期不能早于开始日期", "deadline"), s.Validate());
    }

    [Fact]
    public void DetectsUnitTreeCycles()
    {
        var units = new List<Unit>
        {
            new() { Id = 1, Name = "办公室" },
            new() { Id = 2, Name = "发规科", ParentId = 1 },
            new() { Id = 3, Name = "法制股", ParentId = 2 },
        };
        Assert.True(Unit.WouldCreateCycle(units, 1, 3));
        Assert.True(Unit.WouldCreateCycle(units, 2, 2));
        Assert.False(Unit.WouldCreateCycle(units, 3, 1));
        Assert.Equal([1, 2, 3], Unit.Subtree(units, 1).Order());
        Assert.Equal([3], Unit.Subtree(units, 3));
    }

    [Fact]
    public void AuditChainRevealsAlteredOrRemovedRecords()
    {
        var chain = new List<AuditEntry>();
        var previous = "";
        for (var i = 1; i <= 4; i++)
        {
            var e = new AuditEntry { Id = i, At = DateTimeOffset.UnixEpoch.AddMinutes(i), Actor = "office", Action = "update", Entity = "FrameworkNode", EntityId = i.ToString(), Changes = "{}", PreviousHash = previous };
            e.Hash = e.ComputeHash();
            previous = e.Hash;
            chain.Add(e);
        }
        Assert.Null(AuditEntry.FirstBroken(chain));
        chain[2].Actor = "someone-else";
        Assert.Equal(3, AuditEntry.FirstBroken(chain)!.Id);
        chain[2].Actor = "office";
        Assert.Equal(4, AuditEntry.FirstBroken(chain.Where(e => e.Id != 3))!.Id);
    }
}
