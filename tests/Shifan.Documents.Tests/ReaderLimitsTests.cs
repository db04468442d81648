using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using Shifan.TestSupport;

namespace Shifan.Documents.Tests;

/// <summary>Each limit of <see cref="ReadLimits"/> at its edge: the limit itself is read, one more is refused with the reason.</summary>
public class ReaderLimitsTests
{
    private static string? Extract(byte[] bytes, string type, ReadLimits limits)
    {
        using var dir = new TempDirectory();
        var path = dir.File("file." + type);
        File.WriteAllBytes(path, bytes);
        return TextExtractor.Extract(path, type, limits);
    }

    private static DocumentReadException RefusedExtract(byte[] bytes, string type, ReadLimits limits) =>
        Assert.Throws<DocumentReadException>(() => Extract(bytes, type, limits));

    [Fact]
    public void PdfPageTreeAtTheDepthLimitIsReadAndOneLevelDeeperIsRefused()
    {
        var limits = ReadLimits.Default;
        Assert.Equal("deep page", Extract(HostileFiles.NestedPagesPdf(limits.MaxPdfDepth), "pdf", limits));
        Assert.Contains($"页面树嵌套超过 {limits.MaxPdfDepth} 层", RefusedExtract(HostileFiles.NestedPagesPdf(limits.MaxPdfDepth + 1), "pdf", limits).Message);
    }

    [Fact]
    public void PdfWhosePageTreeNests100000LevelsIsRefusedWithoutRecursing()
    {
        // The sample of the security review: PdfPig overflows the stack on it (which nothing can catch).
        var pdf = HostileFiles.NestedPagesPdf(100_000);
        Assert.InRange(pdf.Length, 5_000_000, 12_000_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Contains("页面树嵌套超过", RefusedExtract(pdf, "pdf", ReadLimits.Default).Message);
        // Generous: the point is a refusal instead of a crash; the worker's wall clock bounds the time.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), watch.Elapsed.ToString());
    }

    [Fact]
    public void PdfWithObjectStreamsIsRead() =>
        Assert.Equal("deep page", Extract(HostileFiles.NestedPagesPdfInObjectStreams(3), "pdf", ReadLimits.Default));

    [Fact]
    public void PdfPagesBeyondThePageLimitAreNotRead()
    {
        Assert.Equal("deep page", Extract(HostileFiles.NestedPagesPdf(3), "pdf", ReadLimits.Default with { MaxPdfPages = 1 }));
        Assert.Equal("", Extract(HostileFiles.NestedPagesPdf(3), "pdf", ReadLimits.Default with { MaxPdfPages = 0 }));
    }

    [Fact]
    public void DocxNestedToTheDepthLimitIsReadAndOneLevelDeeperIsRefused()
    {
        var limits = ReadLimits.Default;
        Assert.Equal("深层文字", Extract(HostileFiles.DocxNested(limits.MaxXmlDepth), "docx", limits));
        var deeper = HostileFiles.DocxNested(limits.MaxXmlDepth + 1);
        Assert.Contains($"嵌套超过 {limits.MaxXmlDepth} 层", RefusedExtract(deeper, "docx", limits).Message);
        // The framework import reads the same parts with the same limit before building any tree.
        Assert.Contains($"嵌套超过 {limits.MaxXmlDepth} 层", Assert.Throws<DocumentReadException>(() => DocxReader.Read(new MemoryStream(deeper), limits)).Message);
        DocxReader.Read(new MemoryStream(HostileFiles.DocxNested(limits.MaxXmlDepth)), limits);
    }

    [Fact]
    public void DocxWithTheElementLimitIsReadAndOneElementMoreIsRefused()
    {
        var limits = ReadLimits.Default with { MaxXmlElements = 1000 };
        Assert.Equal("元素", Extract(HostileFiles.DocxWithElements(1000), "docx", limits));
        var more = HostileFiles.DocxWithElements(1001);
        Assert.Contains("元素超过 1,000 个", RefusedExtract(more, "docx", limits).Message);
        Assert.Contains("元素超过 1,000 个", Assert.Throws<DocumentReadException>(() => DocxReader.Read(new MemoryStream(more), limits)).Message);
    }

    [Fact]
    public void DocxPartOfTheSizeLimitIsReadAndOneByteMoreIsRefused()
    {
        var limits = ReadLimits.Default with { MaxPartBytes = 100_000 };
        Assert.StartsWith("xxx", Extract(HostileFiles.DocxOfDocumentSize(100_000), "docx", limits));
        var bigger = HostileFiles.DocxOfDocumentSize(100_001);
        Assert.Contains("word/document.xml 解压后", RefusedExtract(bigger, "docx", limits).Message);
        Assert.Contains("超过单个部件", Assert.Throws<DocumentReadException>(() => DocxReader.Read(new MemoryStream(bigger), limits)).Message);
    }

    [Fact]
    public void DocxReadingPastTheTimeLimitIsRefused()
    {
        var docx = HostileFiles.DocxWithElements(50_000);
        Assert.Equal("元素", Extract(docx, "docx", ReadLimits.Default));
        Assert.Contains("时间上限", RefusedExtract(docx, "docx", ReadLimits.Default with { MaxTime = TimeSpan.Zero }).Message);
    }

    [Fact]
    public void DocxOf280MegabytesOfXmlIsRefusedBeforeAnyOfItIsParsed()
    {
        using var dir = new TempDirectory();
        var path = dir.File("huge.docx");
        using (var fs = File.Create(path)) HostileFiles.WriteDocxWithHugeXml(fs, 280L * 1024 * 1024);
        Assert.InRange(new FileInfo(path).Length, 10L * 1024 * 1024, 60L * 1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var refusal = Assert.Throws<DocumentReadException>(() => TextExtractor.Extract(path, "docx"));
        Assert.Contains("超过单个部件 64 MB 的上限", refusal.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50L * 1024 * 1024);
    }

    [Fact]
    public void XlsxWithMoreElementsThanTheLimitIsRefused()
    {
        var rows = Enumerable.Range(1, 300).Select(i => (IReadOnlyList<string>)[$"第{i}行", "内容"]).ToList();
        using var xlsx = new MemoryStream();
        Export.SimpleXlsxWriter.Write(xlsx, "表", ["序号", "内容"], rows);
        var bytes = xlsx.ToArray();
        Assert.NotEmpty(XlsxReader.Read(new MemoryStream(bytes), ReadLimits.Default));
        Assert.Contains("元素超过 500 个", Assert.Throws<DocumentReadException>(() => XlsxReader.Read(new MemoryStream(bytes), ReadLimits.Default with { MaxXmlElements = 500 })).Message);
    }
}
