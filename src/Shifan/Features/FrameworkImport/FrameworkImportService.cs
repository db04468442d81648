using Shifan.Core;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using Shifan.Features.Campaigns;
using Shifan.Features.Frameworks;
using Shifan.Features.UntrustedFiles;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.FrameworkImport;

public sealed record ImportPreview(string Token, FrameworkFile File, IReadOnlyList<UnitMatch> Units, IReadOnlyDictionary<string, int> Counts, CarryOverPreview CarryOver);

public sealed record ImportResult(int Version, int Nodes, int UnitsCreated, int AssignmentsCreated, int AssignmentsKept, int AssignmentsDropped,
    int EvidenceMoved = 0, int EvidenceToRelink = 0);

public sealed record NodeCorrection(string? Code, string? Title, string? Text, string? Methods, bool? Remove);

/// <summary>What to do with a row the reader dropped: add it back as indicator <see cref="Code"/>, or leave it out (<see cref="Skip"/>).</summary>
public sealed record DroppedRowFix(string? Code, string? Text, string? Methods, bool? Skip);

/// <summary>
/// Import of a task decomposition document into a campaign: parse, preview with diagnostics, let the
/// user correct nodes and choose units, then commit as a new framework version with its units and
/// assignments, in one transaction.
/// </summary>
public sealed class FrameworkImportService(ShifanDbContext db, CampaignAccess access, ImportSessions sessions, FrameworkService frameworks, UntrustedFileWorker worker)
{
    public const long MaxUploadBytes = 50L * 1024 * 1024;

    private void Scope(int campaignId)
    {
        if (!access.CanSee(campaignId)) throw new NotFoundException("创建活动不存在");
    }

    /// <summary>
    /// Reads an uploaded document (form field "file") in an <see cref="UntrustedFileWorker"/> process and keeps it
    /// for the preview; refuses (<see cref="RefusedException"/> under "file") with a Chinese message when it cannot.
    /// </summary>
    public async Task<string> StartAsync(int campaignId, string owner, byte[] bytes, string fileName, CancellationToken ct = default)
    {
        Scope(campaignId);
        return sessions.Create(owner, campaignId, await ReadDocumentAsync(bytes, fileName, "file", ct));
    }

    /// <summary>
    /// Reads an uploaded task table or work plan in an <see cref="UntrustedFileWorker"/> process; refuses
    /// (<see cref="RefusedException"/> naming <paramref name="field"/>, the input that carried it) with a Chinese
    /// message when it cannot.
    /// </summary>
    public async Task<FrameworkFile> ReadDocumentAsync(byte[] bytes, string fileName, string field, CancellationToken ct = default)
    {
        var safeName = Path.GetFileName(fileName.Replace('\\', '/'));
        if (bytes.Length == 0) throw Refuse.Field(field, "文件是空的");
        var temp = Path.Combine(Path.GetTempPath(), $"shifan-import-{Guid.NewGuid():N}");
        WorkerRun run;
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, ct);
            run = await worker.ReadFrameworkAsync(temp, string.IsNullOrWhiteSpace(safeName) ? "upload" : safeName, ct);
        }
        finally
        {
            File.Delete(temp);
        }
        if (run.Reply is { Refusal: { } refusal }) throw Refuse.Field(field, refusal);
        return run.Reply?.Framework ?? throw Refuse.Field(field, run.Reason(worker.Limits));
    }

    public async Task<ImportPreview> PreviewAsync(int campaignId, string owner, string token)
    {
        Scope(campaignId);
        var session = sessions.Load(token, owner, campaignId);
        var units = await db.Units.AsNoTracking().Where(u => u.CampaignId == campaignId).OrderBy(u => u.SortOrder).ToListAsync();
        var matches = AssignmentPlan.NamesIn(session.File).Select(n => UnitMatching.Match(n, units)).ToList();
        var counts = session.File.AllNodes().GroupBy(n => n.Kind).ToDictionary(g => g.Key, g => g.Count());
        var carryOver = await frameworks.PreviewCarryOverAsync(campaignId, session.File);
        return new ImportPreview(token, session.File, matches, counts, carryOver);
    }

    /// <summary>Corrects one node of the preview, addressed by its child indexes ("0/3/1").</summary>
    public Refusal? Correct(int campaignId, string owner, string token, string path, NodeCorrection correction)
    {
        Scope(campaignId);
        var session = sessions.Load(token, owner, campaignId);
        var indexes = path.Split('/').Select(p => int.TryParse(p, out var i) ? i : -1).ToList();
        var list = session.File.Nodes;
        var parentList = list;
        NodeDto? node = null;
        foreach (var i in indexes)
        {
            if (i < 0 || i >= list.Count) throw new NotFoundException("要修改的节点不存在");
            parentList = list;
            node = list[i];
            list = node.Children;
        }
        if (node is null) throw new NotFoundException("要修改的节点不存在");
        if (correction.Remove == true)
        {
            parentList.Remove(node);
        }
        else
        {
            if (correction.Code is not null)
            {
                if (correction.Code.Trim().Length == 0) return new Refusal("编号不能为空", "code");
                node.Code = correction.Code.Trim();
            }
            // A title taken from the old text follows the corrected text.
            if (correction.Text is not null && correction.Title is null && node.Title == FrameworkNode.TitleFrom(node.Text)) node.Title = "";
            if (correction.Text is not null) node.Text = correction.Text.Trim();
            if (correction.Title is not null) node.Title = correction.Title.Trim();
            if (string.IsNullOrWhiteSpace(node.Title)) node.Title = FrameworkNode.TitleFrom(node.Text);
            if (correction.Methods is not null) node.Methods = EvaluationMethods.Parse(correction.Methods);
        }
        sessions.Save(token, session);
        return null;
    }

    /// <summary>The path ("0/3/1") of the node a diagnostic is about, or null when it names none or the node is gone.</summary>
    public static string? PathOf(FrameworkFile file, string? key)
    {
        if (key is null || key.Split(':', 2) is not [var kind, var code]) return null;
        var parentCode = kind == "item" && code.Split('/', 2) is [var p, var c] ? (p, c) : default;
        string? Find(List<NodeDto> nodes, string path, NodeDto? parent)
        {
            for (var i = 0; i < nodes.Count; i++)
            {
                var n = nodes[i];
                var here = path.Length == 0 ? i.ToString() : $"{path}/{i}";
                if (kind == "item" ? n.Kind == "item" && n.Code == parentCode.c && parent?.Code == parentCode.p : n.Kind == kind && n.Code == code) return here;
                if (Find(n.Children, here, n) is { } found) return found;
            }
            return null;
        }
        return Find(file.Nodes, "", null);
    }

    /// <summary>
    /// Deals with a row the reader dropped (diagnostic number <paramref name="index"/>): adds it back as the indicator
    /// numbered <see cref="DroppedRowFix.Code"/>, placed after the indicator numbered just below it, or leaves it out.
    /// </summary>
    public Refusal? FixDroppedRow(int campaignId, string owner, string token, int? index, DroppedRowFix fix)
    {
        Scope(campaignId);
        var session = sessions.Load(token, owner, campaignId);
        if (index is not int i) return new Refusal("请指明要处理的行", "index");
        if (i < 0 || i >= session.File.Diagnostics.Count || session.File.Diagnostics[i].Row is null) throw new NotFoundException("要处理的行不存在");
        var diagnostic = session.File.Diagnostics[i];
        if (diagnostic.Resolved) return new Refusal("该行已经处理过", "index");
        if (fix.Skip != true)
        {
            var code = fix.Code?.Trim() ?? "";
            if (!int.TryParse(code, out var no) || no <= 0) return new Refusal("请填写指标序号（数字，如 3）", "code");
            var text = (fix.Text ?? diagnostic.Row ?? "").Trim();
            if (text.Length == 0) return new Refusal("指标内容不能为空", "text");
            var numbered = new List<(NodeDto Node, List<NodeDto> Siblings, int No)>();
            void Walk(List<NodeDto> nodes)
            {
                foreach (var n in nodes)
                {
                    if (n.Kind == "indicator" && int.TryParse(n.Code, out var k)) numbered.Add((n, nodes, k));
                    Walk(n.Children);
                }
            }
            Walk(session.File.Nodes);
            if (numbered.Any(x => x.No == no)) return new Refusal($"第{no}项指标已存在，请换一个序号", "code");
            var node = new NodeDto { Kind = "indicator", Code = code, Title = FrameworkNode.TitleFrom(text), Text = text, Methods = EvaluationMethods.Parse(fix.Methods ?? "") };
            if (numbered.Where(x => x.No < no).OrderBy(x => x.No).LastOrDefault() is { Node: not null } before)
                before.Siblings.Insert(before.Siblings.IndexOf(before.Node) + 1, node);
            else if (numbered.OrderBy(x => x.No).FirstOrDefault() is { Node: not null } after)
                after.Siblings.Insert(after.Siblings.IndexOf(after.Node), node);
            else
                session.File.Nodes.Add(node);
        }
        diagnostic.Resolved = true;
        sessions.Save(token, session);
        return null;
    }

    /// <summary>
    /// Commits the preview. <paramref name="choices"/> maps a unit name to an existing unit id, or to
    /// 0 for "create a new unit"; names without a choice are matched exactly or created.
    /// </summary>
    public async Task<ImportResult> CommitAsync(int campaignId, string owner, string token, IReadOnlyDictionary<string, int> choices)
    {
        Scope(campaignId);
        var session = sessions.Load(token, owner, campaignId);
        var result = await CommitFileAsync(campaignId, session.File, choices);
        sessions.Delete(token);
        return result;
    }

    public async Task<ImportResult> CommitFileAsync(int campaignId, FrameworkFile file, IReadOnlyDictionary<string, int> choices)
    {
        Scope(campaignId);
        if (!file.AllNodes().Any(n => n.Kind == "indicator")) throw new DocumentReadException("没有可导入的指标");
        FrameworkMapping.ToDomain(file); // validates the tree before anything is written
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var adoption = await frameworks.AdoptAsync(campaignId, file);
            var frameworkId = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.FrameworkId).FirstAsync();
            var framework = await db.Frameworks.Include(f => f.Nodes).FirstAsync(f => f.Id == frameworkId);
            var (shape, named) = FrameworkMapping.ToDomain(file);
            // Match the freshly stored nodes to the document's by position in document order.
            var stored = framework.InOrder().ToList();
            var byShape = shape.InOrder().Zip(stored).ToDictionary(p => p.First, p => p.Second);
            var storedNamed = named.Select(n => n with { Node = byShape[n.Node] }).ToList();

            var (created, added) = await AttachUnitsAsync(campaignId, file, framework, storedNamed, choices);
            await tx.CommitAsync();
            return new ImportResult(adoption.Version, stored.Count, created, added, adoption.AssignmentsKept, adoption.AssignmentsDropped,
                adoption.EvidenceMoved, adoption.EvidenceToRelink);
        });
    }

    /// <summary>
    /// Creates the units the document names (unless <paramref name="choices"/> maps a name to an
    /// existing unit) and the assignments it states; returns how many units and assignments were added.
    /// </summary>
    public async Task<(int UnitsCreated, int AssignmentsCreated)> AttachUnitsAsync(int campaignId, FrameworkFile file, Framework framework,
        IReadOnlyList<NodeUnits> named, IReadOnlyDictionary<string, int> choices)
    {
        var units = await db.Units.Include(u => u.Contacts).Where(u => u.CampaignId == campaignId).ToListAsync();
        var office = units.FirstOrDefault(u => u.Kind == UnitKind.Office && u.ParentId is null) ?? units.FirstOrDefault(u => u.ParentId is null);
        var created = 0;
        var resolved = new Dictionary<string, Unit>();
        var contacts = file.AllNodes().SelectMany(n => n.Contacts).Where(c => c.Unit.Length > 0).GroupBy(c => c.Unit).ToDictionary(g => g.Key, g => g.First());
        foreach (var name in AssignmentPlan.NamesIn(file).Where(n => !UnitMatching.IsCollective(n) && !UnitMatching.IsVague(n)))
        {
            Unit? unit = choices.TryGetValue(name, out var chosen) && chosen > 0 ? units.FirstOrDefault(u => u.Id == chosen) : null;
            if (unit is null && !(choices.TryGetValue(name, out var c) && c == 0)) unit = units.FirstOrDefault(u => u.Name == name);
            if (unit is null)
            {
                unit = new Unit
                {
                    CampaignId = campaignId, Name = name.Length > 100 ? name[..100] : name, ParentId = office?.Id,
                    Kind = name.EndsWith('科') || name.EndsWith('室') || name.EndsWith('站') ? UnitKind.Section : UnitKind.OutsideBody,
                    SortOrder = units.Count + 1,
                };
                if (contacts.TryGetValue(name, out var contact) && contact.Phones.Count + contact.Emails.Count > 0)
                    unit.Contacts.Add(new LiaisonContact { Name = "表中联系方式", Phone = contact.Phones.FirstOrDefault(), Email = contact.Emails.FirstOrDefault(), IsPrimary = true });
                db.Units.Add(unit);
                units.Add(unit);
                created++;
            }
            resolved[name] = unit;
        }
        await db.SaveChangesAsync();

        var existing = (await db.Assignments.Where(a => a.CampaignId == campaignId).Select(a => new { a.NodeId, a.UnitId }).ToListAsync())
            .Select(a => (a.NodeId, a.UnitId)).ToHashSet();
        var everyone = units.Where(u => u != office).ToList();
        var added = 0;
        foreach (var (node, unit, role) in AssignmentPlan.Build(framework, named, n => resolved.GetValueOrDefault(n), everyone, null))
        {
            if (!existing.Add((node.Id, unit.Id))) continue;
            db.Assignments.Add(new Assignment { CampaignId = campaignId, NodeId = node.Id, UnitId = unit.Id, Role = role });
            added++;
        }
        await db.SaveChangesAsync();
        return (created, added);
    }
}
