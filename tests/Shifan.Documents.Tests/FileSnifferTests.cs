using System.IO.Compression;
using System.Text;
using Shifan.Documents.Export;
using Shifan.Documents.Files;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using Shifan.TestSupport;

namespace Shifan.Documents.Tests;

/// <summary>Files are recognised by what they hold, whatever order their writer put the zip entries in.</summary>
public class FileSnifferTests
{
    private static byte[] Written(string format)
    {
        using var ms = new MemoryStream();
        FrameworkWriters.Write(Samples.Sample(), format, ms);
        return ms.ToArray();
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                s.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return output.ToArray();
    }

    [Theory]
    [InlineData("docx")]
    [InlineData("xlsx")]
    public void OfficeFilesAreRecognisedWhateverTheEntryOrder(string format)
    {
        var original = Written(format);
        var reordered = OfficeFiles.ReorderedLikeLibreOffice(original);
        Assert.DoesNotContain("[Content_Types]", Encoding.ASCII.GetString(reordered, 0, 200));
        Assert.Equal(format, FileSniffer.Detect(original));
        Assert.Equal(format, FileSniffer.Detect(reordered));
    }

    [Fact]
    public void ATaskTableSavedByLibreOfficeImportsLikeTheOriginal()
    {
        var original = FrameworkReader.Read(Written("docx"), "分工表.docx");
        var reordered = FrameworkReader.Read(OfficeFiles.ReorderedLikeLibreOffice(Written("docx")), "分工表.docx");
        Assert.Equal(original.AllNodes().Count(), reordered.AllNodes().Count());
        var xlsx = FrameworkReader.Read(OfficeFiles.ReorderedLikeLibreOffice(Written("xlsx")), "分工表.xlsx");
        Assert.Equal(original.AllNodes().Count(n => n.Kind == "indicator"), xlsx.AllNodes().Count(n => n.Kind == "indicator"));
    }

    [Fact]
    public void OpenDocumentOfdAndPlainZipsAreToldApart()
    {
        Assert.Equal("odt", FileSniffer.Detect(Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>"))));
        Assert.Equal("ods", FileSniffer.Detect(Zip(("content.xml", "<x/>"), ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"))));
        Assert.Equal("ofd", FileSniffer.Detect(Zip(("Doc_0/Document.xml", "<x/>"), ("OFD.xml", "<ofd/>"))));
        Assert.Equal("zip", FileSniffer.Detect(Zip(("扫描件/001.jpg", "jpg"), ("word/readme.txt", "not a docx"))));
        Assert.Equal("zip", FileSniffer.Detect([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]));
        Assert.Equal("pdf", FileSniffer.Detect(Encoding.ASCII.GetBytes("%PDF-1.7\n")));
        var odt = Assert.Throws<DocumentReadException>(() => FrameworkReader.Read(Zip(("mimetype", "application/vnd.oasis.opendocument.text")), "表.odt"));
        Assert.Contains("另存为 .docx", odt.Message);
    }
}
