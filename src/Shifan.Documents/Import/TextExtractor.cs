using System.Text;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig;

namespace Shifan.Documents.Import;

/// <summary>Text inside evidence files, for full-text search: bounded in size and never fatal.</summary>
public static class TextExtractor
{
    public const int MaxChars = 200_000;
    public const long MaxFileBytes = 100L * 1024 * 1024;
    public const int MaxPdfPages = 2000;

    /// <summary>Whether files of this detected type can have text worth extracting.</summary>
    public static bool CanExtract(string detectedType) => detectedType is "pdf" or "docx" or "xlsx" or "text";

    /// <summary>
    /// <see cref="Extract(string, string)"/> with a time limit: a file that takes longer yields no text
    /// (the work is abandoned, not waited for), so one hostile document cannot hold up the rest.
    /// </summary>
    public static async Task<string?> ExtractAsync(string path, string detectedType, TimeSpan limit, CancellationToken ct = default)
    {
        var work = Task.Run(() => Extract(path, detectedType), CancellationToken.None);
        try
        {
            return await work.WaitAsync(limit, ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Returns the text of a pdf, docx, xlsx or text file, or null when there is none or it cannot be read.</summary>
    public static string? Extract(string path, string detectedType)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxFileBytes) return null;
            var text = detectedType switch
            {
                "pdf" => Pdf(path),
                "docx" => Docx(path),
                "xlsx" => Xlsx(path),
                "text" => TextDecoding.Decode(File.ReadAllBytes(path)).Text,
                _ => null,
            };
            if (text is null) return null;
            text = text.Trim();
            return text.Length > MaxChars ? text[..MaxChars] : text;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A damaged or hostile file has no searchable text; the upload itself still stands.
            return null;
        }
    }

    private static string Pdf(string path)
    {
        var sb = new StringBuilder();
        using var doc = PdfDocument.Open(path);
        foreach (var page in doc.GetPages().Take(MaxPdfPages))
        {
            sb.AppendLine(page.Text);
            if (sb.Length > MaxChars) break;
        }
        return sb.ToString();
    }

    private static string? Docx(string path)
    {
        using var fs = File.OpenRead(path);
        ReadLimits.Default.CheckZip(fs);
        using var doc = WordprocessingDocument.Open(fs, false);
        return doc.MainDocumentPart?.Document?.Body?.InnerText;
    }

    private static string Xlsx(string path)
    {
        using var fs = File.OpenRead(path);
        var grids = XlsxReader.Read(fs, ReadLimits.Default);
        var sb = new StringBuilder();
        foreach (var row in grids.SelectMany(g => g.Rows))
        {
            sb.AppendJoin(' ', row.Cells.Where(c => c.Length > 0)).AppendLine();
            if (sb.Length > MaxChars) break;
        }
        return sb.ToString();
    }
}
