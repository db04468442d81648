using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using Shifan.Documents.Frameworks;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;

namespace Shifan.Documents.Import;

/// <summary>
/// Text inside evidence files, for full-text search, bounded in size. Meant to run in the untrusted-file
/// worker process: a file that breaks a limit of <see cref="ReadLimits"/> is refused with the reason.
/// </summary>
public static class TextExtractor
{
    public const int MaxChars = 200_000;
    public const long MaxFileBytes = 100L * 1024 * 1024;

    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>Whether files of this detected type can have text worth extracting.</summary>
    public static bool CanExtract(string detectedType) => detectedType is "pdf" or "docx" or "xlsx" or "text";

    /// <summary>
    /// Returns the text of a pdf, docx, xlsx or text file, or null when there is none or the file is
    /// damaged; throws <see cref="DocumentReadException"/> (Chinese reason) when it breaks a limit.
    /// </summary>
    public static string? Extract(string path, string detectedType, ReadLimits? limits = null)
    {
        limits ??= ReadLimits.Default with { MaxFileBytes = MaxFileBytes };
        var info = new FileInfo(path);
        if (!info.Exists) return null;
        if (info.Length > limits.MaxFileBytes) throw new DocumentReadException($"文件超过提取文字的大小上限（{limits.MaxFileBytes / 1024 / 1024} MB）");
        try
        {
            var text = detectedType switch
            {
                "pdf" => Pdf(path, limits),
                "docx" => Docx(path, limits),
                "xlsx" => Xlsx(path, limits),
                "text" => TextDecoding.Decode(File.ReadAllBytes(path)).Text,
                _ => null,
            };
            if (text is null) return null;
            text = text.Trim();
            return text.Length > MaxChars ? text[..MaxChars] : text;
        }
        catch (PdfDocumentStackDepthException ex)
        {
            throw new DocumentReadException($"PDF文件结构嵌套超过 {limits.MaxPdfDepth} 层的上限，已拒绝读取", ex);
        }
        catch (Exception ex) when (ex is not (DocumentReadException or OutOfMemoryException or InsufficientExecutionStackException))
        {
            // A damaged file has no searchable text; the upload itself still stands.
            return null;
        }
    }

    private static string Pdf(string path, ReadLimits limits)
    {
        var started = DateTime.UtcNow;
        var sb = new StringBuilder();
        var bytes = File.ReadAllBytes(path);
        PdfPageTree.CheckDepth(bytes, limits.MaxPdfDepth);
        using var doc = PdfDocument.Open(bytes, new ParsingOptions { MaxStackDepth = limits.MaxPdfDepth });
        var pages = Math.Min(doc.NumberOfPages, limits.MaxPdfPages);
        for (var n = 1; n <= pages; n++)
        {
            if (DateTime.UtcNow - started > limits.MaxTime) throw new DocumentReadException($"读取文件超过 {limits.MaxTime.TotalSeconds:0} 秒的时间上限");
            sb.AppendLine(doc.GetPage(n).Text);
            if (sb.Length > MaxChars) break;
        }
        return sb.ToString();
    }

    /// <summary>Streams the main document part (never a tree), so memory stays flat however big the part.</summary>
    private static string? Docx(string path, ReadLimits limits)
    {
        var started = DateTime.UtcNow;
        using var fs = File.OpenRead(path);
        limits.CheckZip(fs);
        using var doc = WordprocessingDocument.Open(fs, false);
        if (doc.MainDocumentPart is not { } main) return null;
        var sb = new StringBuilder();
        var inText = false;
        using var part = main.GetStream(FileMode.Open, FileAccess.Read);
        LimitedXml.Walk(part, main.Uri.OriginalString.TrimStart('/'), limits, started, reader =>
        {
            var word = reader.NamespaceURI == WordNamespace;
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when word && reader.LocalName == "t":
                    inText = !reader.IsEmptyElement;
                    break;
                case XmlNodeType.Element when word && reader.LocalName == "tab":
                    sb.Append(' ');
                    break;
                case XmlNodeType.Element when word && reader.LocalName is "br" or "cr":
                    sb.Append('\n');
                    break;
                case XmlNodeType.EndElement when word && reader.LocalName == "t":
                    inText = false;
                    break;
                case XmlNodeType.EndElement when word && reader.LocalName == "p":
                    sb.Append('\n');
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA when inText:
                    sb.Append(reader.Value);
                    break;
            }
            return sb.Length <= MaxChars;
        });
        return sb.ToString();
    }

    private static string Xlsx(string path, ReadLimits limits)
    {
        using var fs = File.OpenRead(path);
        var grids = XlsxReader.Read(fs, limits);
        var sb = new StringBuilder();
        foreach (var row in grids.SelectMany(g => g.Rows))
        {
            sb.AppendJoin(' ', row.Cells.Where(c => c.Length > 0)).AppendLine();
            if (sb.Length > MaxChars) break;
        }
        return sb.ToString();
    }
}
