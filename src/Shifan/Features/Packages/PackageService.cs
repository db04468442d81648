using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Campaigns;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Packages;
using Shifan.Core.SelfAssessment;
using Shifan.Core.Reviews;
using Shifan.Core.Users;
using Shifan.Documents.Packages;
using Shifan.Features.Campaigns;
using Shifan.Hosting;
using Shifan.Infrastructure.Files;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Packages;

/// <summary>
/// The application package (集中申报): a pre-freeze check, freezing everything approved into a numbered
/// manifest that later edits never change, building the .zip of a freeze (streamed, never a file held in
/// memory), comparing two freezes and verifying a package file against its freeze.
/// Reads the review and evidence tables through queries only; writes nothing but its own freezes.
/// </summary>
public sealed class PackageService(ShifanDbContext db, CampaignAccess access, ShifanOptions options, TimeProvider clock, SelfCheckReports.SelfCheckReportService reports,
    PackagePdfs pdfs, ILogger<PackageService> log)
{
    private readonly BlobStore store = new(options.FilesDirectory);

    private async Task<Campaign> CampaignAsync(int campaignId, string permission)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId) ?? throw new NotFoundException("创建活动不存在");
        if (!access.Has(permission))
            throw new ForbiddenException(permission == Permissions.PackageFreeze ? "没有冻结申报材料的权限" : "没有查看申报包的权限");
        return campaign;
    }

    // ---- check and freeze ----

    public async Task<PackageCheck> CheckAsync(int campaignId)
    {
        var campaign = await CampaignAsync(campaignId, Permissions.PackageRead);
        var (manifest, findings, requirements, approved) = await AssembleAsync(campaign, 0, clock.GetUtcNow(), hash: false);
        return Check(manifest, findings, requirements, approved);
    }

    private static PackageCheck Check(PackageManifest m, List<PackageFinding> findings, int requirements, int approved) =>
        new(m.Files.Count(f => f.Source == "blob"), m.Files.Count(f => f.Source == "text"), m.Registrations.Count, m.Links.Count, m.TotalSize, requirements, approved, findings);

    /// <summary>
    /// Freezes what is approved now as the next numbered package. Refused when nothing is approved or a
    /// file cannot be packaged (missing or damaged in the store); other findings are counted with the freeze.
    /// </summary>
    public async Task<FreezeSummary> FreezeAsync(int campaignId)
    {
        var campaign = await CampaignAsync(campaignId, Permissions.PackageFreeze);
        var now = clock.GetUtcNow();
        var no = (await db.PackageFreezes.Where(f => f.CampaignId == campaignId).MaxAsync(f => (int?)f.No) ?? 0) + 1;
        var (manifest, findings, _, _) = await AssembleAsync(campaign, no, now, hash: true);
        if (findings.FirstOrDefault(f => f.Blocking) is { } blocking)
            throw new RefusedException(new Refusal($"不能冻结：{blocking.Message}" + (findings.Count(f => f.Blocking) > 1 ? $"（另有{findings.Count(f => f.Blocking) - 1}项问题，见冻结前检查）" : "")));
        if (manifest.Files.Count == 0 && manifest.Registrations.Count == 0 && manifest.Links.Count == 0)
            throw new RefusedException(new Refusal("还没有审核通过的材料，不能冻结"));
        var json = manifest.ToJson();
        var (sha, sm3) = PackageHash.Of(System.Text.Encoding.UTF8.GetBytes(json));
        var freeze = new PackageFreeze
        {
            CampaignId = campaignId, No = no, FrameworkId = campaign.FrameworkId, FrameworkName = manifest.FrameworkName, FrameworkVersion = manifest.FrameworkVersion,
            FrozenAt = now, FrozenBy = access.UserName, FileCount = manifest.Files.Count, TotalSize = manifest.TotalSize, FindingCount = findings.Count,
            ManifestSha256 = sha, ManifestSm3 = sm3, Manifest = json,
        };
        db.PackageFreezes.Add(freeze);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            throw new ConflictException("另一次冻结刚刚完成，请刷新后再试");
        }
        return Summary(freeze);
    }

    private static FreezeSummary Summary(PackageFreeze f) =>
        new(f.No, f.FrozenAt, f.FrozenBy, f.FrameworkName, f.FrameworkVersion, f.FileCount, f.TotalSize, f.FindingCount, f.ManifestSha256, f.ManifestSm3);

    public async Task<List<FreezeSummary>> ListAsync(int campaignId)
    {
        await CampaignAsync(campaignId, Permissions.PackageRead);
        var freezes = await db.PackageFreezes.AsNoTracking().Where(f => f.CampaignId == campaignId).OrderByDescending(f => f.No)
            .Select(f => new PackageFreeze
            {
                No = f.No, FrozenAt = f.FrozenAt, FrozenBy = f.FrozenBy, FrameworkName = f.FrameworkName, FrameworkVersion = f.FrameworkVersion,
                FileCount = f.FileCount, TotalSize = f.TotalSize, FindingCount = f.FindingCount, ManifestSha256 = f.ManifestSha256, ManifestSm3 = f.ManifestSm3,
            }).ToListAsync();
        return freezes.Select(Summary).ToList();
    }

    /// <summary>A freeze with its manifest; the latest when <paramref name="no"/> is null.</summary>
    public async Task<(FreezeSummary Summary, PackageManifest Manifest, string Json)> GetAsync(int campaignId, int? no)
    {
        await CampaignAsync(campaignId, Permissions.PackageRead);
        var q = db.PackageFreezes.AsNoTracking().Where(f => f.CampaignId == campaignId);
        var freeze = await (no is int n ? q.Where(f => f.No == n) : q.OrderByDescending(f => f.No)).FirstOrDefaultAsync()
            ?? throw new NotFoundException(no is null ? "还没有冻结过申报材料" : $"第{no}次冻结不存在");
        return (Summary(freeze), PackageManifest.FromJson(freeze.Manifest), freeze.Manifest);
    }

    public async Task<PackageComparisonView> CompareAsync(int campaignId, int from, int to)
    {
        var (_, older, _) = await GetAsync(campaignId, from);
        var (_, newer, _) = await GetAsync(campaignId, to);
        var diff = PackageComparison.Compare(older, newer);
        return new PackageComparisonView(from, to, diff.Count(d => d.Change == PackageChange.Added), diff.Count(d => d.Change == PackageChange.Replaced),
            diff.Count(d => d.Change == PackageChange.Removed), diff);
    }

    // ---- build ----

    /// <summary>
    /// Everything a build needs, checked before the first byte is written: a file missing from the store
    /// fails the build with its name instead of leaving a corrupt zip.
    /// </summary>
    public async Task<PackageBuild> PrepareBuildAsync(int campaignId, int? no)
    {
        var (summary, manifest, json) = await GetAsync(campaignId, no);
        var missing = manifest.Files.Where(f => f.Source == "blob" && !store.Exists(f.Sha256)).ToList();
        if (missing.Count > 0)
            throw new ConflictException($"文件存储中缺少{missing.Count}个文件，不能生成申报包：" + string.Join("；", missing.Take(10).Select(f => $"{f.Path}（SHA-256 {f.Sha256}）")));
        var name = PackageNaming.Clean($"{manifest.CampaignName}-申报包-第{summary.No}次冻结", 80) + ".zip";
        return new PackageBuild(summary, manifest, json, name);
    }

    /// <summary>
    /// Writes the .zip, its manifest.xlsx with the DA/T 70 report of the freeze as a second sheet, and one merged PDF per
    /// indicator (made first, in the worker, under a work folder of the data directory deleted afterwards).
    /// </summary>
    public async Task WriteAsync(PackageBuild build, Stream output, CancellationToken ct = default) =>
        await WriteZipAsync(build, await ArchiveChecksAsync(build, ct), output, ct);

    /// <summary>The zip itself: needs the store and the worker, not the database (a download's build outlives its request).</summary>
    private async Task WriteZipAsync(PackageBuild build, IReadOnlyList<ArchiveFileCheck> checks, Stream output, CancellationToken ct)
    {
        var work = Path.Combine(PackagesDirectory, WorkFolder, Guid.NewGuid().ToString("N"));
        try
        {
            var merged = await pdfs.MergeAsync(build.Manifest, work, ct);
            await PackageZipWriter.WriteAsync(output, build.Manifest, build.Json, f => store.OpenRead(f.Sha256), ct, checks, pdfs.Enabled ? merged : null);
        }
        finally
        {
            DeleteDirectory(work);
        }
    }

    private string PackagesDirectory => Path.Combine(options.DataDirectory, "packages");

    /// <summary>Under packages/: one folder per build making merged PDFs, deleted when it ends (and at start-up when a killed build left one).</summary>
    public const string WorkFolder = ".work";

    private void DeleteDirectory(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(ex, "Could not delete the package work folder {Folder}", dir);
        }
    }

    // ---- DA/T 70 ----

    /// <summary>The four-property report (DA/T 70 四性检测) of a freeze, file by file; with <paramref name="onlyIfMade"/>, null unless already made (it reads every file).</summary>
    public async Task<IReadOnlyList<ArchiveFileCheck>?> ArchiveCheckAsync(int campaignId, int no, bool onlyIfMade = false, CancellationToken ct = default)
    {
        var (summary, manifest, json) = await GetAsync(campaignId, no);
        var build = new PackageBuild(summary, manifest, json, "");
        if (onlyIfMade && !File.Exists(ArchiveCheckPath(build))) return null;
        return await ArchiveChecksAsync(build, ct);
    }

    private string ArchiveCheckPath(PackageBuild build) =>
        Path.Combine(options.DataDirectory, "packages", build.Manifest.CampaignId.ToString(), $"{build.Freeze.No}-{build.Freeze.ManifestSha256[..16]}-dat70.json");

    /// <summary>
    /// Computed once per freeze (every file is read and hashed) and kept beside the finished package as JSON,
    /// written to a temporary file and renamed; a freeze never changes, so neither does its report, except that
    /// a file later lost from the store is reported when the report is first made.
    /// </summary>
    private async Task<IReadOnlyList<ArchiveFileCheck>> ArchiveChecksAsync(PackageBuild build, CancellationToken ct)
    {
        var path = ArchiveCheckPath(build);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
            return System.Text.Json.JsonSerializer.Deserialize<List<ArchiveFileCheck>>(await File.ReadAllTextAsync(path, ct)) ?? [];
        var shas = build.Manifest.Files.Where(f => f.Source == "blob").Select(f => f.Sha256).Distinct().ToList();
        var failures = (await db.EvidenceVersions.AsNoTracking().Where(v => shas.Contains(v.Sha256) && !v.TextPending && v.ExtractionFailure != null)
            .Select(v => new { v.Sha256, v.ExtractionFailure }).ToListAsync(ct)).GroupBy(v => v.Sha256).ToDictionary(g => g.Key, g => g.First().ExtractionFailure);
        var checks = await ArchiveChecker.CheckAsync(build.Manifest, f => store.Exists(f.Sha256) ? store.OpenRead(f.Sha256) : null,
            f => failures.GetValueOrDefault(f.Sha256), ct);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temp, System.Text.Json.JsonSerializer.Serialize(checks), ct);
        File.Move(temp, path, overwrite: true);
        return checks;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task>> Building = new();

    /// <summary>
    /// The finished package file of a freeze under the data directory (packages/&lt;campaign&gt;/&lt;no&gt;-&lt;manifest hash&gt;-v2.zip),
    /// built first when missing: to a temporary file renamed into place when complete, so a server killed mid-build
    /// leaves no half-written package, and two requests for one freeze build it once. Served with HTTP ranges, so an
    /// interrupted download resumes on the very bytes it started with. The build (merged PDFs can take minutes with
    /// LibreOffice) runs on its own once started: a caller that gives up (a closed browser, a proxy's timeout) stops
    /// waiting, not building, and asking again joins the same build or gets the finished file.
    /// </summary>
    public async Task<string> FinishedFileAsync(PackageBuild build, CancellationToken ct = default)
    {
        var dir = Path.Combine(PackagesDirectory, build.Manifest.CampaignId.ToString());
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{build.Freeze.No}-{build.Freeze.ManifestSha256[..16]}-{BuildFormat}.zip");
        if (File.Exists(path)) return path;
        // The report needs the database, so it is made in the caller's scope; the build itself needs only files.
        var checks = await ArchiveChecksAsync(build, ct);
        var running = Building.GetOrAdd(path, key => new Lazy<Task>(() => Task.Run(async () =>
        {
            try
            {
                if (File.Exists(key)) return;
                await WriteFileAsync(build, checks, key, CancellationToken.None);
                RemoveOlderBuilds(dir, build.Freeze.No, key);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Building the package {File} failed", key);
                throw;
            }
            finally
            {
                Building.TryRemove(path, out _);
            }
        })));
        await running.Value.WaitAsync(ct);
        return path;
    }

    /// <summary>
    /// What a cached package was built with, in its name, so a package built before a change of contents (v2: merged
    /// PDFs; "nopdf" when they are turned off) is rebuilt rather than served, and then deleted.
    /// </summary>
    private string BuildFormat => pdfs.Enabled ? "v2" : "v2-nopdf";

    /// <summary>A newer build of a freeze is complete: its other cached builds go (a download of one already open keeps reading it on Linux).</summary>
    private void RemoveOlderBuilds(string dir, int no, string current)
    {
        foreach (var old in Directory.EnumerateFiles(dir, $"{no}-*.zip"))
        {
            if (string.Equals(Path.GetFullPath(old), Path.GetFullPath(current), StringComparison.Ordinal)) continue;
            try
            {
                File.Delete(old);
                log.LogInformation("Deleted the older cached package {File}", old);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log.LogWarning(ex, "Could not delete the older cached package {File}", old);
            }
        }
    }

    /// <summary>
    /// What a killed build left under packages/: temporary files ("*.tmp": packages, DA/T 70 reports) and merge work folders untouched for
    /// <paramref name="cutoffUtc"/> (a live build keeps writing them). Run at start-up and on the cleanup schedule; returns how many went.
    /// </summary>
    public static int RemoveStaleBuildFiles(string dataDirectory, DateTime cutoffUtc, ILogger log)
    {
        var root = new DirectoryInfo(Path.Combine(dataDirectory, "packages"));
        if (!root.Exists) return 0;
        var removed = 0;
        foreach (var temp in root.EnumerateFiles("*.tmp", SearchOption.AllDirectories).Where(f => f.LastWriteTimeUtc < cutoffUtc))
        {
            try { temp.Delete(); removed++; }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { log.LogWarning(ex, "Could not delete {File}", temp.FullName); }
        }
        var work = new DirectoryInfo(Path.Combine(root.FullName, WorkFolder));
        if (work.Exists)
            foreach (var dir in work.EnumerateDirectories())
            {
                var latest = dir.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Select(f => f.LastWriteTimeUtc).Append(dir.LastWriteTimeUtc).Max();
                if (latest >= cutoffUtc) continue;
                try { dir.Delete(recursive: true); removed++; }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { log.LogWarning(ex, "Could not delete {Folder}", dir.FullName); }
            }
        if (removed > 0) log.LogInformation("Removed {Count} files and folders a killed package build left", removed);
        return removed;
    }

    /// <summary>Writes the package to a temporary file beside <paramref name="path"/> and renames it into place when complete.</summary>
    public async Task WriteFileAsync(PackageBuild build, string path, CancellationToken ct = default) =>
        await WriteFileAsync(build, await ArchiveChecksAsync(build, ct), path, ct);

    private async Task WriteFileAsync(PackageBuild build, IReadOnlyList<ArchiveFileCheck> checks, string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await WriteZipAsync(build, checks, file, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    // ---- verify ----

    /// <summary>Checks a package file: every file against manifest.json, and manifest.json against the hash recorded at freeze time.</summary>
    public async Task<PackageVerifyResult> VerifyAsync(string zipPath, CancellationToken ct = default)
    {
        var result = await PackageVerifier.VerifyAsync(zipPath, ct);
        var problems = result.Problems.ToList();
        string? recorded = null;
        if (result.Manifest is { } m)
        {
            if (!access.CanSee(m.CampaignId)) throw new NotFoundException("创建活动不存在");
            recorded = await db.PackageFreezes.Where(f => f.CampaignId == m.CampaignId && f.No == m.FreezeNo).Select(f => f.ManifestSha256).FirstOrDefaultAsync(ct);
            if (recorded is null) problems.Insert(0, new PackageProblem(PackageManifest.FileName, $"本系统中没有创建活动{m.CampaignId}第{m.FreezeNo}次冻结的记录，无法确认清单"));
            else if (recorded != result.ManifestSha256) problems.Insert(0, new PackageProblem(PackageManifest.FileName, "清单与冻结时记录的哈希不符：清单被改动过"));
        }
        return new PackageVerifyResult(result.Manifest?.CampaignId, result.Manifest?.FreezeNo, result.ManifestSha256, recorded, result.FilesChecked, problems);
    }

    // ---- assembling a manifest ----

    private sealed record NodeInfo(FrameworkNode Node, string Code, string Folder, string AreaCode);

    /// <summary>
    /// Walks the framework in document order and, for every material requirement, the approved reviews and
    /// the evidence versions their approval pinned. With <paramref name="hash"/> every stored file is read
    /// once (SM3, and SHA-256 again to catch a damaged store); without, the check only looks whether it exists.
    /// </summary>
    private async Task<(PackageManifest Manifest, List<PackageFinding> Findings, int Requirements, int Approved)> AssembleAsync(
        Campaign campaign, int no, DateTimeOffset now, bool hash)
    {
        var framework = await db.Frameworks.AsNoTracking().FirstAsync(f => f.Id == campaign.FrameworkId);
        var nodes = await db.FrameworkNodes.AsNoTracking().Include(n => n.Materials).Where(n => n.FrameworkId == campaign.FrameworkId).ToListAsync();
        var byId = nodes.ToDictionary(n => n.Id);
        var children = nodes.Where(n => n.ParentId is not null).ToLookup(n => n.ParentId!.Value);
        var ordered = new List<FrameworkNode>();
        void Walk(FrameworkNode n)
        {
            ordered.Add(n);
            foreach (var c in children[n.Id].OrderBy(c => c.SortOrder)) Walk(c);
        }
        foreach (var root in nodes.Where(n => n.ParentId is null).OrderBy(n => n.SortOrder)) Walk(root);

        var info = new Dictionary<int, NodeInfo>();
        foreach (var n in ordered)
        {
            var parent = n.ParentId is int p ? info[p] : null;
            var code = n.Kind switch
            {
                NodeKind.Item => (parent?.Code ?? "") + n.Code,
                NodeKind.Bonus or NodeKind.Veto or NodeKind.Deduction => NodeKinds.DisplayName(n.Kind) + n.Code,
                _ => n.Code,
            };
            var label = n.Kind switch
            {
                NodeKind.Area => $"{n.Code}、{n.Title}",
                NodeKind.Group => $"{n.Code}.{n.Title}",
                NodeKind.Item => $"{code}{n.Title}",
                _ => $"{code}.{(n.Title.Length > 0 ? n.Title : FrameworkNode.TitleFrom(n.Text))}",
            };
            var folder = (parent is null ? "" : parent.Folder + "/") + PackageNaming.Clean(label, 40);
            info[n.Id] = new NodeInfo(n, code, folder, n.Kind == NodeKind.Area ? n.Code : parent?.AreaCode ?? "");
        }

        // The package is the campaign's: every unit's approved material, whoever asks.
        var reviews = await db.RequirementReviews.IgnoreQueryFilters().AsNoTracking().Include(r => r.Rounds).Where(r => r.CampaignId == campaign.Id).ToListAsync();
        var pins = reviews.Where(r => r.State == ReviewState.Approved).SelectMany(r => ReviewPins.Read(r.Pins)).ToList();
        var itemIds = pins.Select(p => p.ItemId).Distinct().ToList();
        var items = await db.EvidenceItems.IgnoreQueryFilters().AsNoTracking().Include(i => i.Versions).Where(i => itemIds.Contains(i.Id))
            .Select(i => new EvidenceItem
            {
                Id = i.Id, CampaignId = i.CampaignId, NodeId = i.NodeId, UnitId = i.UnitId, Title = i.Title, Kind = i.Kind, Year = i.Year, DocumentDate = i.DocumentDate,
                SourceUrl = i.SourceUrl, Text = i.Text, Classified = i.Classified, SecrecyLevel = i.SecrecyLevel, KeptAt = i.KeptAt, Holder = i.Holder,
                UploadedBy = i.UploadedBy, UploadedAt = i.UploadedAt, DeletedAt = i.DeletedAt,
                Versions = i.Versions.Select(v => new EvidenceVersion
                {
                    Id = v.Id, VersionNo = v.VersionNo, Sha256 = v.Sha256, Size = v.Size, FileName = v.FileName, DetectedType = v.DetectedType,
                    UploadedBy = v.UploadedBy, UploadedAt = v.UploadedAt, TextPending = v.TextPending, ExtractionFailure = v.ExtractionFailure,
                }).ToList(),
            }).ToDictionaryAsync(i => i.Id);
        var revisions = (await db.ExplanationRevisions.AsNoTracking().Where(r => itemIds.Contains(r.EvidenceItemId)).ToListAsync()).ToLookup(r => r.EvidenceItemId);
        var units = await db.Units.AsNoTracking().Where(u => u.CampaignId == campaign.Id).ToDictionaryAsync(u => u.Id, u => u.Name);
        // SM3 of content a previous freeze already read (the store is content-addressed: same SHA-256, same bytes).
        var knownSm3 = new Dictionary<string, string>();
        if (hash)
        {
            var previous = await db.PackageFreezes.AsNoTracking().Where(f => f.CampaignId == campaign.Id).OrderByDescending(f => f.No).Select(f => f.Manifest).FirstOrDefaultAsync();
            if (previous is not null)
                foreach (var f in PackageManifest.FromJson(previous).Files.Where(f => f.Source == "blob")) knownSm3[f.Sha256] = f.Sm3;
        }

        var files = new List<PackageFile>();
        var registrations = new List<PackageRegistration>();
        var links = new List<PackageLink>();
        var findings = new List<PackageFinding>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var requirementCount = 0;
        var approvedCount = 0;
        var reviewsOf = reviews.ToLookup(r => r.MaterialRequirementId);
        foreach (var n in ordered.Where(n => !n.NotApplicable && n.Materials.Count > 0))
        {
            var node = info[n.Id];
            var title = n.Title.Length > 0 ? n.Title : FrameworkNode.TitleFrom(n.Text);
            foreach (var m in n.Materials.OrderBy(m => m.No))
            {
                requirementCount++;
                var mine = reviewsOf[m.Id].OrderBy(r => r.UnitId).ToList();
                void Find(string message, bool blocking = false) => findings.Add(new PackageFinding(node.Code, m.No, message, blocking));
                if (mine.All(r => r.State != ReviewState.Approved)) Find("没有审核通过的材料");
                else approvedCount++;
                foreach (var r in mine.Where(r => r.State != ReviewState.Approved))
                    Find($"{units.GetValueOrDefault(r.UnitId, "")}的材料尚未审核通过（{ReviewStates.DisplayName(r.State, r.NeedsLeadReview)}），不会进入申报包");
                foreach (var r in mine.Where(r => r.State == ReviewState.Approved))
                {
                    var approval = r.Rounds.Where(x => x.Action == ReviewAction.Approve).MaxBy(x => x.At);
                    var unit = units.GetValueOrDefault(r.UnitId, "");
                    foreach (var pin in ReviewPins.Read(r.Pins))
                    {
                        if (!items.TryGetValue(pin.ItemId, out var item))
                        {
                            Find($"审核通过的材料（编号{pin.ItemId}）已不存在", blocking: true);
                            continue;
                        }
                        if (item.Classified)
                        {
                            if (string.IsNullOrWhiteSpace(item.KeptAt)) Find($"涉密材料“{item.Title}”没有登记保管地点");
                            registrations.Add(new PackageRegistration(node.Code, m.No, item.Id, item.Title, item.SecrecyLevel, item.KeptAt, item.Holder, unit));
                            continue;
                        }
                        if (pin.Version == "网址")
                        {
                            links.Add(new PackageLink(node.Code, m.No, item.Id, item.Title, item.SourceUrl ?? "", unit));
                            continue;
                        }
                        var year = item.Year ?? item.DocumentDate?.Year;
                        if (m.Since is int since && year is int y && y < since) Find($"“{item.Title}”是{y}年的材料，早于要求的{since}年");
                        if (pin.Version == "文字")
                        {
                            // The wording approved: the current text, or the earlier revision the approval pinned.
                            var text = Pinned(item.Text, pin.Hash) ? item.Text : revisions[item.Id].Select(x => x.Text).FirstOrDefault(t => Pinned(t, pin.Hash));
                            if (text is null)
                            {
                                Find($"情况说明“{item.Title}”的文字与审核通过时不一致", blocking: true);
                                continue;
                            }
                            var limit = m.MaxChars ?? EvidenceChecks.DefaultExplanationChars;
                            if (text.Length > limit) Find($"情况说明“{item.Title}”{text.Length}字，超过{limit}字的上限");
                            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
                            var (sha, sm3) = PackageHash.Of(bytes);
                            var path = PackageNaming.Unique($"{node.Folder}/{PackageNaming.FileName(node.Code, m.No, item.Title, "txt")}", taken);
                            files.Add(new PackageFile(path, node.AreaCode, node.Code, title, m.No, m.Text, item.Id, item.Title, "text", null, item.Title + ".txt", "text",
                                bytes.Length, sha, sm3, unit, item.UploadedBy, item.UploadedAt, approval?.Actor ?? "", approval?.At, text));
                            continue;
                        }
                        var version = int.TryParse(pin.Version, out var vno) ? item.Versions.FirstOrDefault(v => v.VersionNo == vno) : null;
                        if (version is null)
                        {
                            Find($"“{item.Title}”审核通过的第{pin.Version}版文件已不存在", blocking: true);
                            continue;
                        }
                        if (!store.Exists(version.Sha256))
                        {
                            Find($"文件存储中缺少“{item.Title}”（{version.FileName}，SHA-256 {version.Sha256}）", blocking: true);
                            continue;
                        }
                        if (version.Quarantined) Find($"“{item.Title}”（{version.FileName}）无法打开：{version.ExtractionFailure}");
                        string fileSm3 = "";
                        if (hash && !knownSm3.TryGetValue(version.Sha256, out fileSm3!))
                        {
                            await using var s = store.OpenRead(version.Sha256);
                            var (sha, sm3, _) = await PackageHash.OfAsync(s);
                            if (sha != version.Sha256)
                            {
                                Find($"文件存储中的“{item.Title}”（{version.FileName}）已损坏：内容与上传时的 SHA-256 不符", blocking: true);
                                continue;
                            }
                            knownSm3[version.Sha256] = fileSm3 = sm3;
                        }
                        var ext = version.Extension.Length > 0 ? version.Extension : version.DetectedType;
                        var filePath = PackageNaming.Unique($"{node.Folder}/{PackageNaming.FileName(node.Code, m.No, item.Title, ext)}", taken);
                        files.Add(new PackageFile(filePath, node.AreaCode, node.Code, title, m.No, m.Text, item.Id, item.Title, "blob", version.VersionNo, version.FileName,
                            version.DetectedType, version.Size, version.Sha256, fileSm3 ?? "", unit, version.UploadedBy, version.UploadedAt, approval?.Actor ?? "", approval?.At, null));
                    }
                }
            }
        }
        if (await ReportFileAsync(campaign, save: hash, taken) is { } report) files.Insert(0, report);
        else findings.Add(new PackageFinding("", null, ReportMissing, false));
        // The ratings as they stand, pinned with the material: the office's rating counts, the lead unit's beside it.
        var codes = ordered.ToDictionary(n => n.Id, n => info[n.Id].Code);
        var position = ordered.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var ratings = (await db.IndicatorRatings.AsNoTracking().Where(r => r.CampaignId == campaign.Id).ToListAsync())
            .Where(r => codes.ContainsKey(r.NodeId))
            .OrderBy(r => position[r.NodeId]).ThenBy(r => r.Side).ThenBy(r => r.UnitId)
            .Select(r => new PackageRating(codes[r.NodeId], r.Side == RatingSide.Office ? "办公室评定" : "牵头单位自评",
                r.UnitId is int u ? units.GetValueOrDefault(u) : null, RatingLevels.Name(r.Level), r.Reason, r.RatedBy, r.RatedAt))
            .ToList();
        var manifest = new PackageManifest(campaign.Id, campaign.Name, campaign.Region, no, now, access.UserName, framework.Name, framework.Version, files, registrations, links, ratings);
        return (manifest, findings, requirementCount, approvedCount);
    }

    public const string ReportFileName = "00-自评报告.docx";
    public const string ReportMissing = "自评报告尚未定稿";

    /// <summary>
    /// The campaign's latest final 自评报告 as the package's first file. Its archived bytes go into the content-addressed
    /// store at freeze time, so building, the missing-file check and verify treat it like any other file. Item 0 and
    /// no indicator: a later final report shows as "replaced" when two freezes are compared.
    /// </summary>
    private async Task<PackageFile?> ReportFileAsync(Campaign campaign, bool save, HashSet<string> taken)
    {
        var report = await reports.LatestFinalCampaignReportAsync(campaign.Id);
        if (report?.Archive is not { } bytes) return null;
        var (sha, sm3) = PackageHash.Of(bytes);
        if (save && !store.Exists(sha))
        {
            using var content = new MemoryStream(bytes);
            await store.SaveAsync(content, bytes.LongLength + 1);
        }
        taken.Add(ReportFileName);
        var at = report.FinalizedAt ?? report.UpdatedAt;
        var by = report.FinalizedBy ?? report.UpdatedBy;
        return new PackageFile(ReportFileName, "", "", "自评报告", 0, "自评报告（定稿）", 0, report.Title, "blob", null, report.Title + ".docx", "docx",
            bytes.LongLength, sha, sm3, $"{campaign.Region}法治政府建设示范创建工作领导小组办公室", by, at, by, at, null);
    }

    private static bool Pinned(string? text, string hash) =>
        text is not null && Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))) == hash;
}

/// <summary>A freeze ready to be written as a .zip: every stored file it names exists.</summary>
public sealed record PackageBuild(FreezeSummary Freeze, PackageManifest Manifest, string Json, string FileName);
