using Shifan.Core.Supervision;

namespace Shifan.Core.Tests;

/// <summary>The traffic-light rule as written down (ADR-019, shown on the dashboard), each condition pinned, with the campaign's thresholds.</summary>
public class TrafficLightRuleTests
{
    private static readonly DateOnly Today = new(2026, 12, 10);
    private static readonly SupervisionSettings Defaults = new();

    [Theory]
    // All approved: green, whatever happened before.
    [InlineData(WorkStanding.Approved, -5, 3, TrafficLight.Green)]
    // Overdue and not handed in: red (未开始 or 被退回), the day after the due date, not on it.
    [InlineData(WorkStanding.NotStarted, -1, 0, TrafficLight.Red)]
    [InlineData(WorkStanding.Returned, -1, 1, TrafficLight.Red)]
    [InlineData(WorkStanding.NotStarted, 0, 0, TrafficLight.Yellow)]
    // Handed in before the reviewer got to it is not overdue.
    [InlineData(WorkStanding.Submitted, -1, 0, TrafficLight.Green)]
    // Due within 3 days and not handed in: yellow; 4 days out: green.
    [InlineData(WorkStanding.NotStarted, 3, 0, TrafficLight.Yellow)]
    [InlineData(WorkStanding.NotStarted, 4, 0, TrafficLight.Green)]
    [InlineData(WorkStanding.Submitted, 2, 0, TrafficLight.Green)]
    // Returned once: yellow; twice: red, even when handed in again and not yet due.
    [InlineData(WorkStanding.Submitted, 30, 1, TrafficLight.Yellow)]
    [InlineData(WorkStanding.Submitted, 30, 2, TrafficLight.Red)]
    [InlineData(WorkStanding.Returned, 30, 1, TrafficLight.Yellow)]
    public void EachConditionGivesItsLight(WorkStanding standing, int dueInDays, int returns, TrafficLight expected) =>
        Assert.Equal(expected, TrafficLights.OfShare(standing, Today.AddDays(dueInDays), Today, returns, Defaults));

    [Fact]
    public void WithoutADueDateOnlyReturnsCount()
    {
        Assert.Equal(TrafficLight.Green, TrafficLights.OfShare(WorkStanding.NotStarted, null, Today, 0, Defaults));
        Assert.Equal(TrafficLight.Yellow, TrafficLights.OfShare(WorkStanding.NotStarted, null, Today, 1, Defaults));
        Assert.Equal(TrafficLight.Red, TrafficLights.OfShare(WorkStanding.NotStarted, null, Today, 2, Defaults));
    }

    [Fact]
    public void TheCampaignsThresholdsMoveTheLights()
    {
        var strict = new SupervisionSettings { YellowDaysBeforeDue = 7, YellowReturns = 2, RedReturns = 3 };
        Assert.Equal(TrafficLight.Yellow, TrafficLights.OfShare(WorkStanding.NotStarted, Today.AddDays(6), Today, 0, strict));
        Assert.Equal(TrafficLight.Green, TrafficLights.OfShare(WorkStanding.NotStarted, Today.AddDays(6), Today, 0, Defaults));
        Assert.Equal(TrafficLight.Green, TrafficLights.OfShare(WorkStanding.Submitted, Today.AddDays(30), Today, 1, strict));
        Assert.Equal(TrafficLight.Yellow, TrafficLights.OfShare(WorkStanding.Submitted, Today.AddDays(30), Today, 2, strict));
        Assert.Equal(TrafficLight.Red, TrafficLights.OfShare(WorkStanding.Submitted, Today.AddDays(30), Today, 3, strict));
        // Overdue stays red whatever the thresholds.
        Assert.Equal(TrafficLight.Red, TrafficLights.OfShare(WorkStanding.NotStarted, Today.AddDays(-1), Today, 0, strict));
    }

    [Fact]
    public void AUnitOrIndicatorShowsItsWorstShareAndThresholdsAreChecked()
    {
        Assert.Equal(TrafficLight.Red, TrafficLights.Worst([TrafficLight.Green, TrafficLight.Red, TrafficLight.Yellow]));
        Assert.Equal(TrafficLight.Green, TrafficLights.Worst([]));
        Assert.Equal("redReturns", new SupervisionSettings { YellowReturns = 3, RedReturns = 2 }.Validate()?.Field);
        Assert.Null(Defaults.Validate());
    }
}
