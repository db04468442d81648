using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;

namespace Shifan.Core.Tests;

public class EvidenceChecksTests
{
    private static EvidenceItem File(int id, string sha, string name, string type, int? year = 2022) => new()
    {
        Id = id, Title = name, Year = year,
        Versions = [new EvidenceVersion { Sha256 = sha, FileName = name, DetectedType = type, VersionNo = 1 }],
    };

    [Fact]
    public void MissingMaterialIsAnErrorAndCompletenessZero()
    {
        var check = EvidenceChecks.Check(new MaterialRequirement { Id = 1, No = 1, Text = "情况说明" }, []);
        Assert.Equal("missing", Assert.Single(check.Findings).Code);
        Assert.Equal(0, check.Completeness);
    }

    [Fact]
    public void CountsAgainstMinimumAndMaximum()
    {
        var requirement = new MaterialRequirement { Id = 1, No = 1, Text = "典型案例", MinCount = 3, MaxCount = 4 };
        var two = EvidenceChecks.Check(requirement, [File(1, "a", "a.pdf", "pdf"), File(2, "b", "b.pdf", "pdf")]);
        Assert.Contains(two.Findings, f => f.Code == "too-few" && f.Message == "要求不少于3件，现有2件");
        Assert.Equal(2 / 3.0, two.Completeness, 3);
        var five = EvidenceChecks.Check(requirement, Enumerable.Range(1, 5).Select(i => File(i, "h" + i, $"{i}.pdf", "pdf")).ToList());
        Assert.Contains(five.Findings, f => f.Code == "too-many");
        Assert.Equal(1, five.Completeness);
    }

    [Fact]
    public void DeletedItemsDoNotCount()
    {
        var item = File(1, "a", "a.pdf", "pdf");
        item.DeletedAt = DateTimeOffset.UnixEpoch;
        Assert.Equal("missing", Assert.Single(EvidenceChecks.Check(new MaterialRequirement { Id = 1, No = 1, Text = "x" }, [item]).Findings).Code);
    }

    [Fact]
    public void OldMaterialDuplicatesAndMismatchedTypesAreFound()
    {
        var requirement = new MaterialRequirement { Id = 1, No = 1, Text = "2021年以来的文件", Since = 2021 };
        var check = EvidenceChecks.Check(requirement, [File(1, "same", "a.pdf", "pdf", 2020), File(2, "same", "b.pdf", "pdf"), File(3, "png", "c.docx", "png")]);
        Assert.Contains(check.Findings, f => f.Code == "too-old" && f.EvidenceId == 1);
        Assert.Contains(check.Findings, f => f.Code == "duplicate");
        Assert.Contains(check.Findings, f => f.Code == "type-mismatch" && f.EvidenceId == 3);
        Assert.Equal(1, check.Completeness);
    }

    [Fact]
    public void ExplanationLimitIs600UnlessTheRequirementSaysOtherwise()
    {
        var text = new string('字', 700) + "  \n ";
        var item = new EvidenceItem { Id = 1, Title = "情况说明", Kind = EvidenceKind.Explanation, Text = text };
        Assert.Contains(EvidenceChecks.Check(new MaterialRequirement { Id = 1, No = 1, Text = "x" }, [item]).Findings, f => f.Message.Contains("700字") && f.Message.Contains("600字"));
        Assert.Empty(EvidenceChecks.Check(new MaterialRequirement { Id = 1, No = 1, Text = "x", MaxChars = 1000 }, [item]).Findings);
    }

    [Theory]
    [InlineData("ole", "wps", true)]
    [InlineData("ole", "doc", true)]
    [InlineData("jpg", "jpeg", true)]
    [InlineData("pdf", "jpg", false)]
    [InlineData("zip", "docx", false)]
    public void ExtensionsMatchTheirContent(string type, string extension, bool matches) =>
        Assert.Equal(matches, EvidenceChecks.ExtensionMatches(type, extension));

    [Fact]
    public void ACountAndTheItemsWithProblemsGiveTheAnswerOfEveryItem()
    {
        var requirement = new MaterialRequirement { Id = 1, No = 1, Text = "2021年以来的文件", Since = 2021, MinCount = 12, MaxCount = 14 };
        var sound = Enumerable.Range(1, 10).Select(i => File(i, "h" + i, $"{i}.pdf", "pdf")).ToList();
        List<EvidenceItem> problems = [File(11, "same", "a.pdf", "pdf", 2020), File(12, "same", "b.pdf", "pdf"), File(13, "png", "c.docx", "png"),
            new EvidenceItem { Id = 14, Title = "网页", SourceUrl = "https://www.example.gov.cn/1" }];
        var all = EvidenceChecks.Check(requirement, [.. sound, .. problems]);
        var counted = EvidenceChecks.Check(requirement, sound.Count + problems.Count, problems);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(all), System.Text.Json.JsonSerializer.Serialize(counted));
        Assert.Equal(11 / 12.0, counted.Completeness, 6); // 14 live, 3 with an error (the duplicate is a warning)
        Assert.Equal(14, counted.Count);
        // Sound items among the candidates change nothing.
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(all), System.Text.Json.JsonSerializer.Serialize(EvidenceChecks.Check(requirement, 14, [sound[0], .. problems, sound[9]])));
    }
}
