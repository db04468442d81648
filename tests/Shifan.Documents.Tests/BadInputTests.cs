using System.IO.Compression;
using System.Text;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;

namespace Shifan.Documents.Tests;

public class BadInputTests
{
    private static DocumentReadException Refused(byte[] bytes, string name = "x.docx") =>
        Assert.Throws<DocumentReadException>(() => FrameworkReader.Read(bytes, name));

    [Fact]
    public void EmptyFileIsRefused() => Assert.Equal("文件是空的", Refused([]).Message);

    [Fact]
    public void ExecutableRenamedToDocxIsRefused() =>
        Assert.Contains("无法识别的文件类型", Refused([(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0], "table.docx").Message);

    [Fact]
    public void PlainTextWithoutATableSaysNoIndicatorsWereFound() =>
        Assert.Contains("没有找到任何指标", Refused(Encoding.UTF8.GetBytes("会议通知\n请各科室于周五前报送材料。"), "notice.txt").Message);

    [Fact]
    public void OldOrEncryptedOfficeFileIsRefusedWithAdvice() =>
        Assert.Contains("另存为", Refused([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]).Message);

    [Fact]
    public void TruncatedDocxIsRefused()
    {
        var whole = Export(Samples.Sample());
        Assert.Contains("损坏", Refused(whole[..(whole.Length / 2)]).Message);
    }

    [Fact]
    public void ZipBombIsRefusedBeforeInflating()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            using var s = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 400; i++) s.Write(zeros);
        }
        Assert.True(ms.Length < 2 * 1024 * 1024);
        Assert.Contains("压缩炸弹", Refused(ms.ToArray()).Message);
    }

    [Fact]
    public void XmlEntityExpansionIsRefused()
    {
        var bytes = Export(Samples.Sample());
        using var ms = new MemoryStream();
        ms.Write(bytes);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            using var w = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            w.Write("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>" +
                    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>");
        }
        var ex = Refused(ms.ToArray());
        Assert.Matches("格式错误|损坏|有效", ex.Message);
    }

    [Fact]
    public void DocxWithoutTaskTableSaysWhatIsMissing()
    {
        var file = new FrameworkFile { Title = "空表" };
        Assert.Contains("没有找到任何指标", Refused(Export(file)).Message);
    }

    [Fact]
    public void FileOverTheSizeLimitIsRefused()
    {
        var limits = new ReadLimits { MaxFileBytes = 1000 };
        var ex = Assert.Throws<DocumentReadException>(() => FrameworkReader.Read(Export(Samples.Sample()), "big.docx", limits));
        Assert.Contains("大小上限", ex.Message);
    }

    private static byte[] Export(FrameworkFile file)
    {
        using var ms = new MemoryStream();
        Shifan.Documents.Export.FrameworkDocxWriter.Write(file, ms);
        return ms.ToArray();
    }
}

public class LargeInputTests
{
    private static FrameworkFile ManyRows(int count) => new()
    {
        Title = "大表",
        Nodes =
        [
            new NodeDto
            {
                Kind = "area", Code = "一", Title = "政府职能依法全面履行", Text = "政府职能依法全面履行",
                Children = Enumerable.Range(1, count).Select(i => new NodeDto
                {
                    Kind = "indicator", Code = i.ToString(), Title = $"第{i}项工作任务", Text = $"第{i}项工作任务。",
                    Methods = ["网络检索"], Materials = [new MaterialDto { No = 1, Text = $"2021年以来第{i}项的情况说明。", Since = 2021 }],
                    ResponsibleUnits = ["司法局"],
                }).ToList(),
            },
        ],
    };

    [Fact]
    public void ReadsATableOf500Rows()
    {
        using var ms = new MemoryStream();
        Shifan.Documents.Export.FrameworkDocxWriter.Write(ManyRows(500), ms);
        var file = FrameworkReader.Read(ms.ToArray(), "big.docx");
        Assert.Equal(500, file.AllNodes().Count(n => n.Kind == "indicator"));
        Assert.Equal("500", file.AllNodes().Last().Code);
    }

    [Fact]
    public void ReadsA20MegabyteDocxWithLargeEmbeddedMedia()
    {
        using var ms = new MemoryStream();
        Shifan.Documents.Export.FrameworkDocxWriter.Write(ManyRows(20), ms);
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var media = zip.CreateEntry("word/media/scan.jpg", CompressionLevel.NoCompression).Open();
            var noise = new byte[1024 * 1024];
            var random = new Random(7);
            for (var i = 0; i < 20; i++) { random.NextBytes(noise); media.Write(noise); }
        }
        Assert.True(ms.Length > 20 * 1024 * 1024);
        var file = FrameworkReader.Read(ms.ToArray(), "big.docx");
        Assert.Equal(20, file.AllNodes().Count(n => n.Kind == "indicator"));
    }
}
