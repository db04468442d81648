using System.IO.Compression;
using System.Text;
using Shifan.Core.Packages;
using Shifan.Documents.Files;

namespace Shifan.Documents.Packages;

/// <summary>
/// The DA/T 70 four-property check of a frozen package, file by file. It never parses a document in the calling
/// process (untrusted files are parsed only in the worker): it hashes the bytes, reads magic bytes and a zip's
/// central directory (as <see cref="FileSniffer"/> does at upload), scans the bytes for encryption and macro
/// markers, and takes whether a file opened from what the worker recorded when it was uploaded.
/// </summary>
public static class ArchiveChecker
{
    private const int ScanWindow = 1 << 20;

    /// <summary>Title marks of a classified document (密级标志), which must be registered instead of packaged.</summary>
    private static readonly string[] ClassifiedMarks = ["绝密★", "机密★", "秘密★", "绝密 ★", "机密 ★", "秘密 ★"];

    /// <param name="openBlob">Opens a stored file (seekable), or returns null when the store lacks it.</param>
    /// <param name="openFailure">Why the worker could not open the file at upload, or null when it opened.</param>
    public static async Task<IReadOnlyList<ArchiveFileCheck>> CheckAsync(PackageManifest manifest, Func<PackageFile, Stream?> openBlob,
        Func<PackageFile, string?> openFailure, CancellationToken ct = default)
    {
        var gaps = Gaps(manifest.Files);
        var result = new List<ArchiveFileCheck>(manifest.Files.Count);
        for (var i = 0; i < manifest.Files.Count; i++)
        {
            var f = manifest.Files[i];
            var integrity = new List<string>();
            if (gaps.TryGetValue(f.IndicatorCode, out var missing)) integrity.Add($"第{f.IndicatorCode}项材料序号不连续（缺材料{string.Join("、", missing)}）");
            if (string.IsNullOrWhiteSpace(f.Title)) integrity.Add("缺题名");
            if (string.IsNullOrWhiteSpace(f.UploadedBy)) integrity.Add("缺上传人");
            if (string.IsNullOrWhiteSpace(f.ApprovedBy) || f.ApprovedAt is null) integrity.Add("缺审核人或审核时间");
            if (string.IsNullOrWhiteSpace(f.Unit)) integrity.Add("缺责任单位");
            var security = new List<string>();
            if (ClassifiedMarks.Any(m => f.Title.Contains(m, StringComparison.Ordinal))) security.Add("题名带密级标志，疑似涉密材料（应登记后现场查阅，不进申报包）");
            string authenticity, usability;
            if (f.Source == "text")
            {
                var (sha, sm3) = PackageHash.Of(Encoding.UTF8.GetBytes(f.Text ?? ""));
                authenticity = sha == f.Sha256 && (f.Sm3.Length == 0 || sm3 == f.Sm3) ? "" : "情况说明文字与冻结时的哈希不符";
                usability = "";
            }
            else
            {
                await using var stream = openBlob(f);
                if (stream is null)
                {
                    result.Add(new ArchiveFileCheck(i + 1, f.Path, f.Title, "文件存储中缺少该文件", string.Join("；", integrity), "文件缺失，无法打开", string.Join("；", security)));
                    continue;
                }
                var (sha, sm3, size) = await PackageHash.OfAsync(stream, ct);
                authenticity = sha != f.Sha256 ? "SHA-256 与冻结时不符：文件被改动" : f.Sm3.Length > 0 && sm3 != f.Sm3 ? "SM3 与冻结时不符：文件被改动" : size != f.Size ? "大小与冻结时不符" : "";
                var detected = FileSniffer.Detect(stream);
                var problems = new List<string>();
                if (openFailure(f) is { } failure) problems.Add($"上传时无法打开：{failure}");
                if (detected != f.Type && !(detected == "ole" && f.Type is "doc" or "xls" or "ppt" or "wps" or "et")) problems.Add($"内容是{detected}，与记录的类型{f.Type}不符");
                usability = string.Join("；", problems);
                security.AddRange(Markers(stream, detected));
            }
            result.Add(new ArchiveFileCheck(i + 1, f.Path, f.Title, authenticity, string.Join("；", integrity), usability, string.Join("；", security)));
        }
        return result;
    }

    /// <summary>Per indicator, the material numbers below the highest present that have no file.</summary>
    private static Dictionary<string, List<int>> Gaps(IReadOnlyList<PackageFile> files)
    {
        var gaps = new Dictionary<string, List<int>>();
        foreach (var g in files.Where(f => f.IndicatorCode.Length > 0 && f.MaterialNo > 0).GroupBy(f => f.IndicatorCode))
        {
            var present = g.Select(f => f.MaterialNo).ToHashSet();
            var missing = Enumerable.Range(1, present.Max()).Where(n => !present.Contains(n)).ToList();
            if (missing.Count > 0) gaps[g.Key] = missing;
        }
        return gaps;
    }

    /// <summary>Encryption and macros, from markers in the bytes and the zip's entry names; nothing is parsed.</summary>
    private static IEnumerable<string> Markers(Stream stream, string type)
    {
        if (type == "pdf")
        {
            // The /Encrypt entry sits in the trailer (at the end) or, in a linearised file, in the first-page trailer.
            if (Contains(stream, "/Encrypt"u8.ToArray())) yield return "PDF 已加密或设有密码";
        }
        else if (type == "ole")
        {
            // Office files with a password are OLE containers holding EncryptionInfo / EncryptedPackage (names in UTF-16).
            if (Contains(stream, Encoding.Unicode.GetBytes("EncryptionInfo")) || Contains(stream, Encoding.Unicode.GetBytes("EncryptedPackage")))
                yield return "Office 文件已加密（设有打开密码）";
            if (Contains(stream, Encoding.Unicode.GetBytes("_VBA_PROJECT")) || Contains(stream, Encoding.Unicode.GetBytes("Macros")))
                yield return "含宏（VBA）";
        }
        else if (FileSniffer.IsContainer(type))
        {
            bool macros;
            try
            {
                stream.Position = 0;
                using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
                macros = zip.Entries.Take(FileSniffer.MaxEntriesInspected).Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase));
            }
            catch (InvalidDataException)
            {
                macros = false;
            }
            if (macros) yield return "含宏（VBA）";
        }
    }

    /// <summary>Whether the first or the last <see cref="ScanWindow"/> bytes hold <paramref name="marker"/>.</summary>
    private static bool Contains(Stream stream, byte[] marker)
    {
        var buffer = new byte[Math.Min(ScanWindow, stream.Length)];
        foreach (var start in stream.Length <= ScanWindow ? [0L] : new[] { 0L, stream.Length - ScanWindow })
        {
            stream.Position = start;
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            if (buffer.AsSpan(0, read).IndexOf(marker) >= 0) return true;
        }
        return false;
    }
}
