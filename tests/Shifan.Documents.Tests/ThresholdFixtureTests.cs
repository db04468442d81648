using Shifan.Core.SelfAssessment;
using Shifan.Documents.Import;
using Shifan.TestSupport;

namespace Shifan.Documents.Tests;

/// <summary>The threshold parser over every indicator of the real documents: what it reads, and the list of what it could not.</summary>
public class ThresholdFixtureTests(ITestOutputHelper output)
{
    public static TheoryData<string> Seeds => new() { "jiyuan-edu-2023.docx", "pingdingshan-edu-2021.docx", "xuchang-nr-2022.txt" };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void EveryIndicatorIsReadWithoutGuessing(string seed)
    {
        var file = FrameworkReader.Read(ProjectFixtures.Seed(seed));
        var assessable = file.AllNodes().Where(n => n.Kind is not ("area" or "group")).ToList();
        var read = 0;
        foreach (var node in assessable)
        {
            var text = string.IsNullOrWhiteSpace(node.Text) ? node.Title : node.Text;
            var reading = ThresholdParser.Read(text);
            foreach (var t in reading.Thresholds)
            {
                // Every threshold stands in the text as read, with a figure and a unit: nothing invented.
                Assert.Contains(t.Source, text.Replace('\t', ' '));
                Assert.False(string.IsNullOrWhiteSpace(t.Subject));
                Assert.True(t.Value >= 0);
                read++;
                output.WriteLine($"{seed} {node.Code}: {t.Subject} {t.Rule}");
            }
            foreach (var u in reading.Unparsed) output.WriteLine($"{seed} {node.Code}: 未能识别 — {u}");
        }
        Assert.True(read > 0, $"{seed}: no threshold read from {assessable.Count} nodes");
    }

    [Fact]
    public void JiyuanStandardsAreReadAndTheVagueOnesListed()
    {
        var file = FrameworkReader.Read(ProjectFixtures.Seed("jiyuan-edu-2023.docx"));
        var readings = file.AllNodes().Where(n => n.Kind is not ("area" or "group"))
            .Select(n => ThresholdParser.Read(string.IsNullOrWhiteSpace(n.Text) ? n.Title : n.Text)).ToList();
        var all = readings.SelectMany(r => r.Thresholds).ToList();

        Assert.Contains(all, t => t.Subject.EndsWith("网上可办率") && t.Comparison == Comparison.AtLeast && t.Value == 90 && t.UnitOfMeasure == "%");
        Assert.Contains(all, t => t.Subject.Contains("合法性审核率") && t.Value == 100);
        Assert.Contains(all, t => t.Comparison == Comparison.AtMost && t.UnitOfMeasure == "小时" && t.Value == 5);
        Assert.Contains(readings.SelectMany(r => r.Unparsed), u => u.Contains("败诉率不高于"));
    }
}
