using Microsoft.EntityFrameworkCore;
using Shifan.Core;
using Shifan.Core.Assignments;
using Shifan.Core.Campaigns;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Problems;
using Shifan.Core.Units;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Campaigns;

/// <summary>What a new campaign took over from the one before it.</summary>
public sealed record CarriedOver(int Units, int Assignments, int Problems, int Evidence, int EvidenceLeftBehind);

/// <summary>
/// Starts a campaign from a past one (the next year's round, same framework or a new version): its units and
/// their contacts, the assignments of every indicator that continues, the problems still open and the evidence
/// still valid by its date, as new rows of the new campaign. Review states, ratings and ledgers start afresh
/// (未提交): last year's approval is not this year's. Files are shared, not copied (the blob store is keyed by hash).
/// </summary>
public sealed class CampaignFromPast(ShifanDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Evidence is still valid when the year it evidences (its document date, its year, else the upload year) is not
    /// before the requirement's 起始年份 ("2021年以来"), or, where the requirement names none, not before the past campaign began.
    /// </summary>
    public static bool StillValid(EvidenceItem item, int? since, int pastStartYear)
    {
        var year = item.DocumentDate?.Year ?? item.Year ?? ChinaTime.ToChina(item.UploadedAt).Year;
        return year >= (since ?? pastStartYear);
    }

    /// <summary>Runs inside the transaction that creates <paramref name="campaign"/>; the caller commits.</summary>
    public async Task<CarriedOver> CarryOverAsync(int pastCampaignId, Campaign campaign, Framework framework)
    {
        var past = await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == pastCampaignId);
        var pastFramework = await db.Frameworks.AsNoTrackingWithIdentityResolution().Include(f => f.Nodes).ThenInclude(n => n.Materials)
            .AsSplitQuery().FirstAsync(f => f.Id == past.FrameworkId);
        pastFramework.LinkTree();
        var carry = FrameworkCarryOver.Map(pastFramework, framework);
        var nodeIds = carry.Nodes.ToDictionary(p => p.Key.Id, p => p.Value.Id);
        var requirements = carry.Materials.ToDictionary(p => p.Key.Id, p => p.Value);

        // Units: by name, keeping the hierarchy; the new campaign's own office stands for the old office.
        var pastUnits = await db.Units.AsNoTracking().Include(u => u.Contacts).Where(u => u.CampaignId == pastCampaignId).OrderBy(u => u.ParentId == null ? 0 : 1).ThenBy(u => u.SortOrder).ToListAsync();
        var newUnits = await db.Units.Where(u => u.CampaignId == campaign.Id).ToListAsync();
        var unitIds = new Dictionary<int, int>();
        var added = 0;
        foreach (var old in ParentsFirst(pastUnits))
        {
            var match = newUnits.FirstOrDefault(u => u.Name == old.Name) ?? (old.Kind == UnitKind.Office ? newUnits.FirstOrDefault(u => u.Kind == UnitKind.Office) : null);
            if (match is null)
            {
                match = new Unit
                {
                    CampaignId = campaign.Id, Name = old.Name, Kind = old.Kind, SortOrder = old.SortOrder, OrganisationId = old.OrganisationId,
                    ParentId = old.ParentId is int p && unitIds.TryGetValue(p, out var np) ? np : null,
                    Contacts = old.Contacts.Select(c => new LiaisonContact { Name = c.Name, Phone = c.Phone, Email = c.Email, IsPrimary = c.IsPrimary }).ToList(),
                };
                db.Units.Add(match);
                newUnits.Add(match);
                added++;
            }
            else if (match.Contacts.Count == 0 && old.Contacts.Count > 0)
                match.Contacts = old.Contacts.Select(c => new LiaisonContact { Name = c.Name, Phone = c.Phone, Email = c.Email, IsPrimary = c.IsPrimary }).ToList();
            await db.SaveChangesAsync();
            unitIds[old.Id] = match.Id;
        }

        // Assignments of continuing indicators; last year's deadlines do not carry.
        var existing = (await db.Assignments.Where(a => a.CampaignId == campaign.Id).Select(a => new { a.NodeId, a.UnitId }).ToListAsync())
            .Select(a => (a.NodeId, a.UnitId)).ToHashSet();
        var assignments = 0;
        foreach (var a in await db.Assignments.AsNoTracking().Where(a => a.CampaignId == pastCampaignId).ToListAsync())
        {
            if (!nodeIds.TryGetValue(a.NodeId, out var node) || !unitIds.TryGetValue(a.UnitId, out var unit) || !existing.Add((node, unit))) continue;
            db.Assignments.Add(new Assignment { CampaignId = campaign.Id, NodeId = node, UnitId = unit, Role = a.Role });
            assignments++;
        }

        // Problems not yet closed: still to fix, numbered afresh, back to 待整改, with a deadline inside the new campaign.
        var today = ChinaTime.Today(clock);
        var problems = 0;
        var no = 0;
        foreach (var p in await db.Problems.IgnoreQueryFilters().AsNoTracking().Where(p => p.CampaignId == pastCampaignId && p.Status != ProblemStatus.Closed).OrderBy(p => p.No).ToListAsync())
        {
            if (!unitIds.TryGetValue(p.OwnerUnitId, out var owner)) continue;
            var deadline = p.Deadline >= today && p.Deadline >= campaign.StartsOn ? p.Deadline : Max(today, campaign.StartsOn).AddDays(30);
            var problem = new Problem
            {
                CampaignId = campaign.Id, No = ++no, NodeId = p.NodeId is int n && nodeIds.TryGetValue(n, out var nn) ? nn : null, OwnerUnitId = owner,
                Source = p.Source, Description = p.Description, Measure = p.Measure, Deadline = deadline, Status = ProblemStatus.Open,
                CreatedAt = clock.GetUtcNow(), CreatedBy = "system", UpdatedAt = clock.GetUtcNow(),
            };
            problem.Record(ProblemAction.Raise, "system", clock.GetUtcNow(), $"由“{past.Name}”第{p.No}号问题转入（原状态：{ProblemNames.Status(p.Status)}）");
            db.Problems.Add(problem);
            problems++;
        }

        // Evidence still valid by its date, linked to the continuing requirements; files shared by hash.
        var evidence = 0;
        var leftBehind = 0;
        var items = await db.EvidenceItems.IgnoreQueryFilters().AsNoTracking().Include(i => i.Versions).Include(i => i.Links)
            .Where(i => i.CampaignId == pastCampaignId && i.DeletedAt == null).OrderBy(i => i.Id).ToListAsync();
        var revisions = (await db.ExplanationRevisions.AsNoTracking().Where(r => items.Select(i => i.Id).Contains(r.EvidenceItemId)).ToListAsync())
            .ToLookup(r => r.EvidenceItemId);
        var pastStart = past.StartsOn.Year;
        var copies = new List<EvidenceItem>();
        var originals = new List<int>();
        foreach (var item in items)
        {
            var links = item.Links.Where(l => requirements.TryGetValue(l.MaterialRequirementId, out var r) && StillValid(item, r.Since, pastStart))
                .Select(l => requirements[l.MaterialRequirementId].Id).Distinct().ToList();
            if (!nodeIds.TryGetValue(item.NodeId, out var node) || !unitIds.TryGetValue(item.UnitId, out var unit) || links.Count == 0 && item.Links.Count > 0
                || item.Links.Count == 0 && !StillValid(item, null, pastStart))
            {
                leftBehind++;
                continue;
            }
            var copy = new EvidenceItem
            {
                CampaignId = campaign.Id, NodeId = node, UnitId = unit, Title = item.Title, Kind = item.Kind, DocumentNo = item.DocumentNo,
                DocumentDate = item.DocumentDate, SourceUrl = item.SourceUrl, Year = item.Year, Text = item.Text, Classified = item.Classified,
                SecrecyLevel = item.SecrecyLevel, KeptAt = item.KeptAt, Holder = item.Holder, UploadedBy = item.UploadedBy, UploadedAt = item.UploadedAt,
                Versions = item.Versions.OrderBy(v => v.VersionNo).Select(v => new EvidenceVersion
                {
                    VersionNo = v.VersionNo, Sha256 = v.Sha256, Size = v.Size, FileName = v.FileName, DetectedType = v.DetectedType, UploadedBy = v.UploadedBy,
                    UploadedAt = v.UploadedAt, ExtractedText = v.ExtractedText, TextPending = v.TextPending, ExtractionAttempts = v.ExtractionAttempts,
                    ExtractionFailure = v.ExtractionFailure,
                }).ToList(),
                Links = links.Select(r => new EvidenceLink { MaterialRequirementId = r }).ToList(),
            };
            db.EvidenceItems.Add(copy);
            copies.Add(copy);
            originals.Add(item.Id);
            evidence++;
        }
        // One save for the copies, then their latest 情况说明 wording (which needs the copies' ids), in a second.
        await db.SaveChangesAsync();
        for (var i = 0; i < copies.Count; i++)
            if (revisions[originals[i]].OrderByDescending(r => r.RevisionNo).FirstOrDefault() is { } last)
                db.ExplanationRevisions.Add(new ExplanationRevision { EvidenceItemId = copies[i].Id, RevisionNo = 1, Text = last.Text, WrittenBy = last.WrittenBy, WrittenAt = last.WrittenAt });
        await db.SaveChangesAsync();
        foreach (var copy in copies) await SearchIndex.IndexAsync(db, copy.Id);
        return new CarriedOver(added, assignments, problems, evidence, leftBehind);
    }

    private static IEnumerable<Unit> ParentsFirst(List<Unit> units)
    {
        var done = new HashSet<int>();
        var left = units.ToList();
        while (left.Count > 0)
        {
            var ready = left.Where(u => u.ParentId is not int p || done.Contains(p) || units.All(x => x.Id != p)).ToList();
            if (ready.Count == 0) ready = left; // a broken hierarchy still carries every unit
            foreach (var u in ready) { done.Add(u.Id); left.Remove(u); yield return u; }
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
