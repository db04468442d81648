using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Packages;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;
using Shifan.Hosting;
using Shifan.Infrastructure.Files;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Packages;

/// <summary>
/// Third-party evaluators' (评估专家) read-only access to one frozen package each: the office grants and
/// revokes it; the evaluator lists their grants and reads the package, by indicator, with its files. The
/// evaluator holds no campaign claim, so every other page and endpoint of the campaign stays closed to them;
/// here each read checks the grant is theirs and in its period, and is written to the audit trail.
/// </summary>
public sealed class PackageGrantService(ShifanDbContext db, CampaignAccess access, ShifanOptions options, TimeProvider clock, Users.UserService users)
{
    private readonly BlobStore store = new(options.FilesDirectory);

    /// <summary>The longest a grant may run, so a forgotten grant does not stay open for years.</summary>
    public const int MaxDays = 366;

    // ---- the office ----

    private async Task CampaignAsync(int campaignId, string permission)
    {
        if (!access.CanSee(campaignId) || !await db.Campaigns.AnyAsync(c => c.Id == campaignId)) throw new NotFoundException("创建活动不存在");
        if (!access.Has(permission)) throw new ForbiddenException(permission == Permissions.PackageGrantManage ? "没有授权评估专家查阅申报包的权限" : "没有查看申报包的权限");
    }

    public async Task<List<PackageGrantView>> ListAsync(int campaignId)
    {
        await CampaignAsync(campaignId, Permissions.PackageRead);
        return await ViewsAsync(db.PackageGrants.Where(g => g.CampaignId == campaignId));
    }

    /// <summary>
    /// Grants one freeze to an evaluator account, created here when the name is new (with a one-time password).
    /// An existing account must be an evaluator's: an office or unit account would bring its campaign with it.
    /// </summary>
    public async Task<PackageGrantCreated> GrantAsync(int campaignId, NewPackageGrant request)
    {
        await CampaignAsync(campaignId, Permissions.PackageGrantManage);
        if (request.FreezeNo is not int no || no < 1) throw new RefusedException(new Refusal("请选择要授权查阅的冻结", "freezeNo"));
        if (!await db.PackageFreezes.AnyAsync(f => f.CampaignId == campaignId && f.No == no)) throw new RefusedException(new Refusal($"第{no}次冻结不存在", "freezeNo"));
        var today = ChinaTime.Today(clock);
        var from = request.ValidFrom ?? today;
        if (request.ValidUntil is not DateOnly until) throw new RefusedException(new Refusal("请填写查阅截止日期", "validUntil"));
        if (until < from) throw new RefusedException(new Refusal("截止日期不能早于开始日期", "validUntil"));
        if (until < today) throw new RefusedException(new Refusal("截止日期不能早于今天", "validUntil"));
        if (until.DayNumber - from.DayNumber >= MaxDays) throw new RefusedException(new Refusal($"查阅期限最长{MaxDays}天", "validUntil"));
        var name = request.UserName?.Trim() ?? "";
        if (name.Length == 0) throw new RefusedException(new Refusal("请填写评估专家的用户名", "userName"));

        string? password = null;
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name);
        if (user is null)
        {
            var (created, oneTime, error) = await users.CreateAsync(new Users.NewUser(name, request.DisplayName, Roles.Evaluator, null, null, null));
            if (error is not null) throw new RefusedException(error);
            (user, password) = (created!, oneTime);
        }
        else if (user.Role != Roles.Evaluator)
            throw new RefusedException(new Refusal($"用户“{name}”不是评估专家账号，不能授权：其他角色的账号会带来整个创建活动的权限", "userName"));
        else if (user.Disabled)
            throw new RefusedException(new Refusal($"用户“{name}”已停用", "userName"));

        var grant = new PackageGrant
        {
            UserId = user.Id, CampaignId = campaignId, FreezeNo = no, ValidFrom = ChinaTime.StartOf(from), ValidUntil = ChinaTime.StartOf(until.AddDays(1)),
            GrantedAt = clock.GetUtcNow(), GrantedBy = access.UserName,
        };
        db.PackageGrants.Add(grant);
        await db.SaveChangesAsync();
        return new PackageGrantCreated((await ViewsAsync(db.PackageGrants.Where(g => g.Id == grant.Id))).Single(), password);
    }

    /// <summary>Ends a grant now; the evaluator's next request is refused. Revoking twice changes nothing.</summary>
    public async Task RevokeAsync(int campaignId, int grantId)
    {
        await CampaignAsync(campaignId, Permissions.PackageGrantManage);
        var grant = await db.PackageGrants.FirstOrDefaultAsync(g => g.Id == grantId && g.CampaignId == campaignId) ?? throw new NotFoundException("授权不存在");
        if (grant.RevokedAt is not null) return;
        grant.RevokedAt = clock.GetUtcNow();
        grant.RevokedBy = access.UserName;
        await db.SaveChangesAsync();
    }

    // ---- the evaluator ----

    /// <summary>The caller's own grants, newest first, whatever their state (an expired one says so).</summary>
    public async Task<List<PackageGrantView>> MineAsync()
    {
        if (!access.Has(Permissions.PackageGrantRead)) throw new ForbiddenException("没有查阅申报包的权限");
        var me = access.UserId ?? 0;
        return await ViewsAsync(db.PackageGrants.Where(g => g.UserId == me));
    }

    /// <summary>
    /// The caller's grant, if it is theirs (404 otherwise, so ids cannot be probed) and open now (403 with the
    /// reason otherwise: not yet, ended, revoked).
    /// </summary>
    private async Task<PackageGrant> OpenGrantAsync(int grantId)
    {
        if (!access.Has(Permissions.PackageGrantRead)) throw new ForbiddenException("没有查阅申报包的权限");
        var me = access.UserId ?? 0;
        var grant = await db.PackageGrants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId && g.UserId == me) ?? throw new NotFoundException("授权不存在");
        if (grant.RefusalAt(clock.GetUtcNow()) is { } refusal) throw new ForbiddenException(refusal);
        return grant;
    }

    /// <summary>The grant's state for the caller without opening it (for the page to show the refusal itself).</summary>
    public async Task<PackageGrantView> GrantOfAsync(int grantId)
    {
        if (!access.Has(Permissions.PackageGrantRead)) throw new ForbiddenException("没有查阅申报包的权限");
        var me = access.UserId ?? 0;
        return (await ViewsAsync(db.PackageGrants.Where(g => g.Id == grantId && g.UserId == me))).SingleOrDefault() ?? throw new NotFoundException("授权不存在");
    }

    /// <summary>The frozen package of the caller's grant; the view is recorded in the audit trail.</summary>
    public async Task<EvaluatorPackage> OpenAsync(int grantId)
    {
        var grant = await OpenGrantAsync(grantId);
        var freeze = await db.PackageFreezes.AsNoTracking().FirstOrDefaultAsync(f => f.CampaignId == grant.CampaignId && f.No == grant.FreezeNo)
            ?? throw new NotFoundException("申报包不存在");
        await db.RecordAsync("view", nameof(PackageGrant), grant.Id.ToString(),
            System.Text.Json.JsonSerializer.Serialize(new { freeze = grant.FreezeNo, manifestSha256 = freeze.ManifestSha256 }), grant.CampaignId);
        var view = (await ViewsAsync(db.PackageGrants.Where(g => g.Id == grant.Id))).Single();
        return new EvaluatorPackage(view, new FreezeSummary(freeze.No, freeze.FrozenAt, freeze.FrozenBy, freeze.FrameworkName, freeze.FrameworkVersion,
            freeze.FileCount, freeze.TotalSize, freeze.FindingCount, freeze.ManifestSha256, freeze.ManifestSm3), PackageManifest.FromJson(freeze.Manifest));
    }

    /// <summary>
    /// One file of the granted package (numbered from 1 in manifest order), its bytes as frozen: a stored file by
    /// its SHA-256, a 情况说明 as its frozen text. Recorded as "preview" or "download" in the audit trail.
    /// </summary>
    public async Task<(Stream Stream, PackageFile File)> OpenFileAsync(int grantId, int fileNo, bool preview)
    {
        var grant = await OpenGrantAsync(grantId);
        var manifestJson = await db.PackageFreezes.AsNoTracking().Where(f => f.CampaignId == grant.CampaignId && f.No == grant.FreezeNo).Select(f => f.Manifest).FirstOrDefaultAsync()
            ?? throw new NotFoundException("申报包不存在");
        var files = PackageManifest.FromJson(manifestJson).Files;
        if (fileNo < 1 || fileNo > files.Count) throw new NotFoundException("文件不存在");
        var file = files[fileNo - 1];
        if (file.Source == "blob" && !store.Exists(file.Sha256)) throw new NotFoundException($"文件存储中缺少“{file.Title}”");
        await db.RecordAsync(preview ? "preview" : "download", nameof(PackageGrant), grant.Id.ToString(),
            System.Text.Json.JsonSerializer.Serialize(new { freeze = grant.FreezeNo, file = fileNo, path = file.Path, sha256 = file.Sha256 }), grant.CampaignId);
        Stream stream = file.Source == "text"
            ? new MemoryStream(System.Text.Encoding.UTF8.GetBytes(file.Text ?? ""), writable: false)
            : store.OpenRead(file.Sha256);
        return (stream, file);
    }

    private async Task<List<PackageGrantView>> ViewsAsync(IQueryable<PackageGrant> grants)
    {
        var now = clock.GetUtcNow();
        var rows = await (from g in grants.AsNoTracking()
                          join u in db.Users on g.UserId equals u.Id
                          join c in db.Campaigns on g.CampaignId equals c.Id
                          select new { g, u.UserName, u.DisplayName, CampaignName = c.Name }).ToListAsync();
        return rows.OrderByDescending(x => x.g.Id)
            .Select(x => new PackageGrantView(x.g.Id, x.g.CampaignId, x.CampaignName, x.g.FreezeNo, x.UserName, x.DisplayName, x.g.ValidFrom, x.g.ValidUntil,
                x.g.GrantedAt, x.g.GrantedBy, x.g.RevokedAt, x.g.StateAt(now))).ToList();
    }
}
