using System.Security.Cryptography;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Import;

/// <summary>Reads any supported document into the interchange form, recognising the format by content.</summary>
public static partial class FrameworkReader
{
    public static FrameworkFile Read(string path, ReadLimits? limits = null)
    {
        limits ??= ReadLimits.Default;
        var info = new FileInfo(path);
        if (!info.Exists) throw new DocumentReadException($"文件不存在：{path}");
        if (info.Length == 0) throw new DocumentReadException("文件是空的");
        if (info.Length > limits.MaxFileBytes) throw new DocumentReadException($"文件超过大小上限（{limits.MaxFileBytes / 1024 / 1024} MB）");
        var bytes = File.ReadAllBytes(path);
        return Read(bytes, info.Name, limits);
    }

    public static FrameworkFile Read(byte[] bytes, string fileName, ReadLimits? limits = null)
    {
        limits ??= ReadLimits.Default;
        if (bytes.Length == 0) throw new DocumentReadException("文件是空的");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var stream = new MemoryStream(bytes, writable: false);
        FrameworkFile file;
        var format = Sniff(bytes);
        switch (format)
        {
            case "json":
                file = FrameworkJson.Read(stream);
                break;
            case "docx":
                var content = DocxReader.Read(stream, limits);
                file = new FrameworkFile { Title = GuessTitle(content.ParagraphsBeforeFirstTable) ?? Path.GetFileNameWithoutExtension(fileName) };
                var tables = content.Tables.Where(TaskTableImporter.LooksLikeTaskTable).ToList();
                if (tables.Count == 0 && ProseReader.LooksLikeProse(content.Paragraphs)) ProseReader.Import(content.Paragraphs, file, lineNumbers: false);
                else TaskTableImporter.Import(tables, file);
                break;
            case "xlsx":
                var grids = XlsxReader.Read(stream, limits);
                file = new FrameworkFile { Title = Path.GetFileNameWithoutExtension(fileName) };
                var sheets = grids.Where(TaskTableImporter.LooksLikeTaskTable).ToList();
                if (sheets.FirstOrDefault() is { } first && first.Rows.Count > 0 && first.Rows[0].Cells.Count(c => c.Length > 0) >= 1
                    && first.Rows[0].Cells.Where(c => c.Length > 0).Distinct().Count() == 1)
                    file.Title = first.Rows[0].Cells.First(c => c.Length > 0).Trim();
                TaskTableImporter.Import(sheets, file);
                break;
            case "text":
                var (text, encoding) = TextDecoding.Decode(bytes);
                file = new FrameworkFile { Title = GuessTextTitle(text) ?? Path.GetFileNameWithoutExtension(fileName) };
                if (encoding != "UTF-8") file.Diagnostics.Add(Diagnostic.Info("文件", $"按 {encoding} 编码读取"));
                var textLines = text.Replace("\r\n", "\n").Split('\n');
                if (ProseReader.LooksLikeProse(textLines)) ProseReader.Import(textLines, file, lineNumbers: true);
                else TaskTableImporter.Import(TextTableReader.Read(text).Where(TaskTableImporter.LooksLikeTaskTable), file);
                break;
            case "pdf":
                var pdf = PdfTableReader.Read(bytes, limits);
                file = new FrameworkFile { Title = GuessTitle(pdf.Paragraphs) ?? Path.GetFileNameWithoutExtension(fileName) };
                var pdfTables = pdf.Tables.Where(TaskTableImporter.LooksLikeTaskTable).ToList();
                if (pdfTables.Count == 0 && ProseReader.LooksLikeProse(pdf.Paragraphs)) ProseReader.Import(pdf.Paragraphs, file, lineNumbers: false);
                else TaskTableImporter.Import(pdfTables, file);
                break;
            case "odt" or "ods":
                throw new DocumentReadException($"这是 OpenDocument 文件（.{format}），请用 WPS 或 LibreOffice 另存为 .docx 或 .xlsx 后再导入");
            case "cfb":
                throw new DocumentReadException("文件已加密或是旧版Office格式（.doc/.xls），请另存为 .docx 或 .xlsx 后再导入");
            default:
                throw new DocumentReadException("无法识别的文件类型：请提供 .docx、.xlsx、PDF、文本或指标体系 JSON 文件");
        }
        file.Source = new SourceInfo { FileName = fileName, Format = format, Sha256 = sha };
        if (!file.AllNodes().Any(n => n.Kind == "indicator"))
            throw new DocumentReadException("文件中没有找到任何指标（未发现含“三级指标”“测评方法”等表头的任务分解表）");
        return file;
    }

    /// <summary>Recognises a file by its first bytes, not its extension.</summary>
    public static string Sniff(byte[] bytes)
    {
        if (Files.FileSniffer.IsZip(bytes))
        {
            var type = Files.FileSniffer.Detect(bytes);
            return type is "xlsx" or "odt" or "ods" ? type : "docx";
        }
        if (bytes.Length >= 5 && bytes[0] == '%' && bytes[1] == 'P' && bytes[2] == 'D' && bytes[3] == 'F' && bytes[4] == '-') return "pdf";
        if (bytes.Length >= 8 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0) return "cfb";
        var start = 0;
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) start = 3;
        while (start < bytes.Length && bytes[start] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') start++;
        if (start < bytes.Length && bytes[start] == '{') return "json";
        return TextDecoding.LooksLikeText(bytes) ? "text" : "unknown";
    }

    private static string? GuessTextTitle(string text) =>
        GuessTitle(text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeWhile(l => !l.Contains('\t') && !l.StartsWith("第1项")).Take(200).ToList());

    [System.Text.RegularExpressions.GeneratedRegex("(任务分解表|任务分工表|责任分工表|分工表|分解表|责任清单|工作方案|指标体系)$")]
    private static partial System.Text.RegularExpressions.Regex TitleRegex();

    /// <summary>The document's own name for itself: the first short paragraph that ends like a title.</summary>
    private static string? GuessTitle(List<string> paragraphs) =>
        paragraphs.FirstOrDefault(p => p.Length < 80 && TitleRegex().IsMatch(p.TrimEnd('。')) && !p.StartsWith("根据"));
}
