using System.IO.Compression;
using System.Text;

namespace Shifan.Documents.Files;

/// <summary>
/// What a file really is, for uploads and imports alike: magic bytes first, and for zip containers the
/// parts they hold (OOXML by its main part, OpenDocument by its mimetype entry, OFD by OFD.xml), never
/// the order of the entries — LibreOffice and WPS do not write [Content_Types].xml first.
/// </summary>
public static class FileSniffer
{
    /// <summary>Bytes read from the start of a file to recognise it by magic.</summary>
    public const int HeadLength = 64;

    /// <summary>Beyond this many entries a zip is reported as a plain zip without looking further.</summary>
    public const int MaxEntriesInspected = 20_000;

    private static bool Starts(ReadOnlySpan<byte> head, ReadOnlySpan<byte> magic) => head.Length >= magic.Length && head[..magic.Length].SequenceEqual(magic);

    public static bool IsZip(ReadOnlySpan<byte> head) => Starts(head, [0x50, 0x4B, 0x03, 0x04]) || Starts(head, [0x50, 0x4B, 0x05, 0x06]);

    /// <summary>The type from the first bytes alone; a zip container answers "zip" (see <see cref="Detect(Stream)"/> to look inside).</summary>
    public static string DetectHead(ReadOnlySpan<byte> head)
    {
        if (Starts(head, [0x25, 0x50, 0x44, 0x46])) return "pdf";
        if (Starts(head, [0x89, 0x50, 0x4E, 0x47])) return "png";
        if (Starts(head, [0xFF, 0xD8, 0xFF])) return "jpg";
        if (Starts(head, [0x47, 0x49, 0x46, 0x38])) return "gif";
        if (Starts(head, [0x4D, 0x5A])) return "exe";
        if (Starts(head, [0x7F, 0x45, 0x4C, 0x46])) return "elf";
        if (Starts(head, [0xD0, 0xCF, 0x11, 0xE0])) return "ole";
        if (Starts(head, [0x52, 0x49, 0x46, 0x46]) && head.Length >= 12 && head[8..12].SequenceEqual("AVI "u8)) return "avi";
        if (Starts(head, [0x1A, 0x45, 0xDF, 0xA3])) return "mkv";
        if (head.Length >= 8 && head[4..8].SequenceEqual("ftyp"u8)) return "mp4";
        if (IsZip(head)) return "zip";
        return head.Length > 0 && !head.Contains((byte)0) ? "text" : "unknown";
    }

    /// <summary>Types stored as zip archives, checked for zip bombs before they are accepted.</summary>
    public static bool IsContainer(string type) => type is "zip" or "docx" or "xlsx" or "pptx" or "odt" or "ods" or "odp" or "ofd";

    /// <summary>The type of a whole file, looking inside zip containers. The stream must be seekable; it is left open.</summary>
    public static string Detect(Stream content)
    {
        Span<byte> head = stackalloc byte[HeadLength];
        content.Position = 0;
        var read = content.ReadAtLeast(head, HeadLength, throwOnEndOfStream: false);
        var type = DetectHead(head[..read]);
        return type == "zip" ? ContainerType(content) : type;
    }

    public static string Detect(byte[] bytes)
    {
        using var ms = new MemoryStream(bytes, writable: false);
        return Detect(ms);
    }

    public static string Detect(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Detect(fs);
    }

    /// <summary>docx, xlsx, pptx, odt, ods, odp, ofd or zip, from the parts the archive names (its central directory; nothing is decompressed but the small mimetype entry).</summary>
    private static string ContainerType(Stream content)
    {
        try
        {
            content.Position = 0;
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (names.Count >= MaxEntriesInspected) break;
                names.Add(entry.FullName.Replace('\\', '/'));
            }
            if (names.Contains("[Content_Types].xml"))
            {
                if (names.Contains("word/document.xml") || names.Any(n => n.StartsWith("word/", StringComparison.Ordinal))) return "docx";
                if (names.Contains("xl/workbook.xml") || names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal))) return "xlsx";
                if (names.Contains("ppt/presentation.xml") || names.Any(n => n.StartsWith("ppt/", StringComparison.Ordinal))) return "pptx";
            }
            if (names.Contains("OFD.xml")) return "ofd";
            if (names.Contains("mimetype") && zip.GetEntry("mimetype") is { Length: < 200 } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
                var mime = new string(reader.ReadToEnd().Take(200).ToArray()).Trim();
                if (mime == "application/vnd.oasis.opendocument.text") return "odt";
                if (mime == "application/vnd.oasis.opendocument.spreadsheet") return "ods";
                if (mime == "application/vnd.oasis.opendocument.presentation") return "odp";
            }
            return "zip";
        }
        catch (InvalidDataException)
        {
            return "zip";
        }
    }
}
