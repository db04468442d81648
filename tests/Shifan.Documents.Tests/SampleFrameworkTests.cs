using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Tests;

public class SampleFrameworkTests
{
    [Fact]
    public void ShippedSampleIsExactlyWhatOurWriterProduces()
    {
        var text = File.ReadAllText(Samples.SamplePath).TrimEnd();
        Assert.Equal(text, FrameworkJson.Write(Samples.Sample()));
    }

    [Fact]
    public void SampleIsACityCountySystemOfAboutAHundredIndicators()
    {
        var nodes = Samples.Sample().AllNodes().ToList();
        Assert.Equal(9, nodes.Count(n => n.Kind == "area"));
        Assert.InRange(nodes.Count(n => n.Kind == "indicator"), 90, 115);
        Assert.Equal(2, nodes.Count(n => n.Kind == "bonus"));
        Assert.Equal(2, nodes.Count(n => n.Kind == "veto"));
        Assert.All(nodes.Where(n => n.Kind == "indicator"), n => Assert.NotEmpty(n.Methods));
    }

    [Fact]
    public void RejectsJsonOfAnotherSchema()
    {
        using var s = new MemoryStream("{\"schema\":\"other/1\",\"nodes\":[]}"u8.ToArray());
        var ex = Assert.Throws<DocumentReadException>(() => FrameworkJson.Read(s));
        Assert.Contains("shifan.framework/1", ex.Message);
    }

    [Fact]
    public void ReportsTheLineOfBrokenJson()
    {
        using var s = new MemoryStream("{\n\"schema\": \"shifan.framework/1\",\n\"nodes\": [ {,\n]}"u8.ToArray());
        var ex = Assert.Throws<DocumentReadException>(() => FrameworkJson.Read(s));
        Assert.Contains("第3行", ex.Message);
    }
}
