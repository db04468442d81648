using System.IO.Compression;

namespace Shifan.TestSupport;

/// <summary>Office files as other writers produce them.</summary>
public static class OfficeFiles
{
    /// <summary>The same parts, rewritten the way LibreOffice and WPS order them: [Content_Types].xml last.</summary>
    public static byte[] ReorderedLikeLibreOffice(byte[] ooxml)
    {
        using var input = new ZipArchive(new MemoryStream(ooxml), ZipArchiveMode.Read);
        var parts = input.Entries.Select(e =>
        {
            using var s = e.Open();
            using var buffer = new MemoryStream();
            s.CopyTo(buffer);
            return (e.FullName, Bytes: buffer.ToArray());
        }).OrderBy(p => p.FullName == "[Content_Types].xml" ? 1 : 0).ThenByDescending(p => p.FullName.StartsWith("word/") || p.FullName.StartsWith("xl/")).ToList();
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in parts)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(bytes);
            }
        }
        return output.ToArray();
    }
}
