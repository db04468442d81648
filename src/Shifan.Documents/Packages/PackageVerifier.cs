using System.IO.Compression;
using Shifan.Core.Packages;

namespace Shifan.Documents.Packages;

/// <summary>One file of a package that is not what its manifest says.</summary>
public sealed record PackageProblem(string Path, string Message);

public sealed record PackageVerification(PackageManifest? Manifest, string? ManifestSha256, int FilesChecked, IReadOnlyList<PackageProblem> Problems)
{
    public bool Intact => Problems.Count == 0;
}

/// <summary>
/// Recomputes every file's size, SHA-256 and SM3 against manifest.json and names every file that differs,
/// is missing, cannot be read (a damaged entry fails its CRC) or is not in the manifest at all. Whether the
/// manifest itself is the frozen one is for the caller, who knows the hash recorded at freeze time.
/// </summary>
public static class PackageVerifier
{
    public static async Task<PackageVerification> VerifyAsync(string zipPath, CancellationToken ct = default)
    {
        await using var file = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(file, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, ct);
        }
        catch (InvalidDataException)
        {
            return new PackageVerification(null, null, 0, [new PackageProblem(Path.GetFileName(zipPath), "不是有效的 zip 文件")]);
        }
        await using var _ = archive;
        var problems = new List<PackageProblem>();
        var manifestEntry = archive.GetEntry(PackageManifest.FileName);
        if (manifestEntry is null) return new PackageVerification(null, null, 0, [new PackageProblem(PackageManifest.FileName, "缺少清单文件")]);
        PackageManifest manifest;
        string manifestSha;
        try
        {
            using var ms = new MemoryStream();
            await using (var s = await manifestEntry.OpenAsync(ct)) await s.CopyToAsync(ms, ct);
            manifestSha = PackageHash.Of(ms.GetBuffer().AsSpan(0, (int)ms.Length)).Sha256;
            manifest = PackageManifest.FromJson(System.Text.Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length));
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException)
        {
            return new PackageVerification(null, null, 0, [new PackageProblem(PackageManifest.FileName, "清单文件已损坏，无法读取")]);
        }

        var listed = new HashSet<string>(manifest.Files.Select(f => f.Path), StringComparer.Ordinal);
        var present = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var f in manifest.Files.Where(f => !present.Contains(f.Path))) problems.Add(new PackageProblem(f.Path, "缺失"));
        var toCheck = manifest.Files.Where(f => present.Contains(f.Path)).ToList();

        // Hashing is CPU-bound (SM3 above all), so the files are shared among as many readers as there are
        // cores, each with its own handle on the zip: a ZipArchive is not safe to share between threads.
        var readers = Math.Clamp(Environment.ProcessorCount, 1, 4);
        var found = new PackageProblem?[toCheck.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, readers), new ParallelOptions { MaxDegreeOfParallelism = readers, CancellationToken = ct }, async (reader, token) =>
        {
            await using var own = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using var ownArchive = await ZipArchive.CreateAsync(own, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, token);
            for (var i = reader; i < toCheck.Count; i += readers)
                found[i] = await CheckAsync(ownArchive.GetEntry(toCheck[i].Path)!, toCheck[i], token);
        });
        problems.AddRange(found.OfType<PackageProblem>());
        var checkedCount = toCheck.Count;
        var generated = PackageZipWriter.IsGenerated(manifest);
        foreach (var entry in archive.Entries)
            if (!listed.Contains(entry.FullName) && !generated(entry.FullName) && !entry.FullName.EndsWith('/'))
                problems.Add(new PackageProblem(entry.FullName, "清单中没有这个文件"));
        return new PackageVerification(manifest, manifestSha, checkedCount, problems);
    }

    private static async Task<PackageProblem?> CheckAsync(ZipArchiveEntry entry, PackageFile f, CancellationToken ct)
    {
        try
        {
            await using var s = await entry.OpenAsync(ct);
            var (sha, sm3, size) = await PackageHash.OfAsync(s, ct);
            if (size != f.Size) return new PackageProblem(f.Path, $"大小不符：清单为{f.Size}字节，实际{size}字节");
            if (sha != f.Sha256) return new PackageProblem(f.Path, "SHA-256 不符：内容已被改动");
            if (sm3 != f.Sm3) return new PackageProblem(f.Path, "SM3 不符：内容已被改动");
            return null;
        }
        catch (InvalidDataException)
        {
            return new PackageProblem(f.Path, "已损坏：内容与压缩包的校验值不符（被改动）");
        }
    }
}
