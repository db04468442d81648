using Shifan.Documents.Export;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using Shifan.TestSupport;
using UglyToad.PdfPig;

namespace Shifan.Documents.Tests;

public class RoundTripTests
{
    private static FrameworkFile ThroughFile(FrameworkFile file, string format)
    {
        using var ms = new MemoryStream();
        switch (format)
        {
            case "docx": FrameworkDocxWriter.Write(file, ms); break;
            case "xlsx": FrameworkXlsxWriter.Write(file, ms); break;
            default: FrameworkJson.Write(file, ms); break;
        }
        return FrameworkReader.Read(ms.ToArray(), "export." + format);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("docx")]
    [InlineData("xlsx")]
    public void ImportOfExportGivesTheSameFramework(string format)
    {
        var sample = Samples.Sample();
        var back = ThroughFile(sample, format);
        Assert.Equal(format, back.Source.Format);
        Assert.Equal(Samples.Shape(sample), Samples.Shape(back));
        Assert.Equal(sample.Title, back.Title);
    }

    [Fact]
    public void IndicatorWithSeveralLeadUnitsExportsOneRowPerLeadUnitAndReadsBack()
    {
        var file = new FrameworkFile
        {
            Title = "多牵头单位测试表",
            Nodes =
            [
                new NodeDto
                {
                    Kind = "indicator", Code = "2", Title = "政务服务事项网上可办率不低于90%", Text = "政务服务事项网上可办率不低于90%。",
                    Methods = ["网络检索", "材料查证"],
                    Materials =
                    [
                        new MaterialDto { No = 1, Text = "政务服务事项清单。", Unit = "区政务服务中心" },
                        new MaterialDto { No = 2, Text = "网上办理统计表。", Unit = "区政务服务中心" },
                        new MaterialDto { No = 1, Text = "市场主体登记情况说明。", Unit = "区市场监管分局" },
                    ],
                    LeadUnits = ["区政务服务中心", "区市场监管分局"],
                    ResponsibleUnits = ["各乡（镇、街道）"],
                },
            ],
        };
        var rows = TaskTableRows.Build(file);
        Assert.Equal(2, rows.Count);
        Assert.Equal("区市场监管分局", rows[1][6]);
        Assert.Equal(Samples.Shape(file), Samples.Shape(ThroughFile(file, "docx")));
        Assert.Equal(Samples.Shape(file), Samples.Shape(ThroughFile(file, "xlsx")));
    }

    [Theory]
    [InlineData("docx")]
    [InlineData("xlsx")]
    public async Task ExportedTableRendersInLibreOffice(string format)
    {
        using var dir = new TempDirectory();
        var path = dir.File("任务分解表." + format);
        var sample = Samples.Sample();
        await using (var fs = File.Create(path))
        {
            if (format == "docx") FrameworkDocxWriter.Write(sample, fs);
            else FrameworkXlsxWriter.Write(sample, fs);
        }
        OoxmlValidity.AssertValid(path);
        var pdf = await LibreOffice.ConvertToPdfAsync(path, dir.Path);
        using var doc = PdfDocument.Open(pdf);
        Assert.True(doc.NumberOfPages >= 5, $"only {doc.NumberOfPages} pages");
        var text = string.Concat(doc.GetPages().Take(3).Select(p => p.Text));
        Assert.Contains("测评方法", text);
        Assert.Contains("政府职能", text);
    }
}
