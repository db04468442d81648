using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Audit;

/// <summary>One operation-log record as a person reads it: the object by its name, the changes field by field in Chinese.</summary>
public sealed record AuditLine(long Id, DateTimeOffset At, string Actor, string Action, string ObjectKind, string ObjectName, string Changes, string Entity, string EntityId);

/// <summary>
/// Turns the stored audit records (entity type names, ids and a JSON of before/after values, kept unchanged for the
/// hash chain) into a ledger of what happened: 修改 单位“行政审批科”：名称 办公室 → 行政审批科. Names are looked up
/// in one query per kind of object; an object since deleted is named from the values its record kept.
/// </summary>
public sealed class AuditReading(ShifanDbContext db)
{
    private static readonly Dictionary<string, string> Kinds = new()
    {
        ["Campaign"] = "创建活动", ["CampaignStage"] = "阶段", ["Framework"] = "指标体系", ["FrameworkNode"] = "指标",
        ["MaterialRequirement"] = "材料要求", ["Unit"] = "单位", ["LiaisonContact"] = "联络人", ["Assignment"] = "分工",
        ["User"] = "用户", ["UserSession"] = "登录会话", ["ReviewerGrant"] = "评审授权", ["PackageGrant"] = "申报包查阅授权", ["RoleDefinition"] = "角色",
        ["PasswordHistoryEntry"] = "历史密码", ["RecoveryCode"] = "恢复码", ["EvidenceItem"] = "佐证材料", ["EvidenceVersion"] = "材料版本",
        ["EvidenceLink"] = "材料关联", ["ExplanationRevision"] = "情况说明修订", ["RequirementReview"] = "材料审核", ["ReviewRound"] = "审核记录",
        ["ReturnReason"] = "退回原因", ["LedgerPeriod"] = "报送期", ["Ledger"] = "工作台账", ["LedgerEntry"] = "台账条目",
        ["Organisation"] = "组织", ["CampaignNotificationSettings"] = "通知设置",
    };

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["Name"] = "名称", ["Title"] = "标题", ["Code"] = "编号", ["Status"] = "状态", ["Role"] = "角色", ["UnitId"] = "单位", ["ParentId"] = "上级",
        ["OrganisationId"] = "组织", ["CampaignId"] = "创建活动", ["NodeId"] = "指标", ["UserId"] = "用户", ["Kind"] = "类别", ["Region"] = "所属地区",
        ["Level"] = "层级", ["StartsOn"] = "开始日期", ["EndsOn"] = "结束日期", ["Deadline"] = "截止日期", ["DueOn"] = "截止日期", ["Disabled"] = "停用",
        ["Email"] = "邮箱", ["Phone"] = "电话", ["IsPrimary"] = "主要联络人", ["Permissions"] = "权限", ["DataScope"] = "数据范围", ["DisplayName"] = "姓名",
        ["UserName"] = "用户名", ["PasswordHash"] = "密码", ["MustChangePassword"] = "须修改密码", ["LockedUntil"] = "锁定至", ["FailedLogins"] = "连续输错次数",
        ["FileName"] = "文件名", ["Size"] = "大小", ["Sha256"] = "SHA-256", ["DocumentNo"] = "文号", ["Year"] = "年份", ["State"] = "状态", ["Comment"] = "意见",
        ["ReasonId"] = "退回原因", ["Text"] = "内容", ["Progress"] = "进展", ["SubmittedAt"] = "提交时间", ["ConfirmedAt"] = "确认时间", ["CreatedAt"] = "创建时间",
        ["UpdatedAt"] = "修改时间", ["UpdatedBy"] = "修改人", ["SortOrder"] = "排序", ["MaterialNo"] = "材料序号", ["RevokedAt"] = "结束时间", ["RevokedBy"] = "结束人",
        ["RequireSecondFactor"] = "须双因素认证", ["IsCustom"] = "自定义", ["Version"] = "版本", ["Description"] = "说明", ["Method"] = "测评方法",
    };

    public static string KindOf(string entity) => Kinds.GetValueOrDefault(entity, entity);

    /// <summary>The entity type whose Chinese name is given (for the page's 对象 filter), or the text itself.</summary>
    public static string EntityOf(string kindOrEntity) => Kinds.FirstOrDefault(k => k.Value == kindOrEntity.Trim()).Key ?? kindOrEntity.Trim();

    public static IReadOnlyCollection<string> KindNames => Kinds.Values;

    public async Task<List<AuditLine>> ReadAsync(IReadOnlyList<AuditRow> rows)
    {
        int[] Ids(string entity) => rows.Where(r => r.Entity == entity).Select(r => int.TryParse(r.EntityId, out var id) ? id : 0).Where(id => id > 0).Distinct().ToArray();
        var names = new Dictionary<(string, string), string>();
        async Task Add<T>(string entity, IQueryable<T> query, Func<T, (int Id, string Name)> pick)
        {
            foreach (var x in await query.ToListAsync()) { var (id, name) = pick(x); names[(entity, id.ToString())] = name; }
        }
        var campaigns = Ids("Campaign"); var units = Ids("Unit"); var users = Ids("User"); var nodes = Ids("FrameworkNode");
        var orgs = Ids("Organisation"); var items = Ids("EvidenceItem"); var reasons = Ids("ReturnReason");
        // Values that are ids of units or users in other records' changes are named too.
        var referencedUnits = new HashSet<int>(units);
        var referencedUsers = new HashSet<int>(users);
        var parsed = rows.ToDictionary(r => r.Id, r => Parse(r.Changes));
        foreach (var (_, fields) in parsed)
            foreach (var (field, change) in fields)
                foreach (var v in new[] { change.Before, change.After })
                    if (int.TryParse(v, out var id))
                    {
                        if (field == "UnitId") referencedUnits.Add(id);
                        else if (field == "UserId") referencedUsers.Add(id);
                    }
        await Add("Campaign", db.Campaigns.AsNoTracking().Where(c => campaigns.Contains(c.Id)).Select(c => new { c.Id, c.Name }), x => (x.Id, x.Name));
        await Add("Unit", db.Units.AsNoTracking().Where(u => referencedUnits.Contains(u.Id)).Select(u => new { u.Id, u.Name }), x => (x.Id, x.Name));
        await Add("User", db.Users.AsNoTracking().Where(u => referencedUsers.Contains(u.Id)).Select(u => new { u.Id, u.UserName }), x => (x.Id, x.UserName));
        await Add("FrameworkNode", db.FrameworkNodes.AsNoTracking().Where(n => nodes.Contains(n.Id)).Select(n => new { n.Id, n.Code, n.Title }),
            x => (x.Id, $"{x.Code} {(x.Title.Length > 30 ? x.Title[..30] + "…" : x.Title)}"));
        await Add("Organisation", db.Organisations.AsNoTracking().Where(o => orgs.Contains(o.Id)).Select(o => new { o.Id, o.Name }), x => (x.Id, x.Name));
        await Add("EvidenceItem", db.EvidenceItems.IgnoreQueryFilters().AsNoTracking().Where(e => items.Contains(e.Id)).Select(e => new { e.Id, e.Title }), x => (x.Id, x.Title));
        await Add("ReturnReason", db.ReturnReasons.AsNoTracking().Where(r => reasons.Contains(r.Id)).Select(r => new { r.Id, r.Name }), x => (x.Id, x.Name));

        return rows.Select(r =>
        {
            var fields = parsed[r.Id];
            var name = names.GetValueOrDefault((r.Entity, r.EntityId))
                ?? NamedBy(fields) ?? (r.Entity == "RoleDefinition" ? r.EntityId : $"#{r.EntityId}");
            return new AuditLine(r.Id, r.At, r.Actor, AuditService.ActionName(r.Action), KindOf(r.Entity), name, Describe(r.Action, fields, names), r.Entity, r.EntityId);
        }).ToList();
    }

    private sealed record Change(string? Before, string? After);

    private static List<(string Field, Change Change)> Parse(string json)
    {
        var list = new List<(string, Change)>();
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return list;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                string? Read(string key) => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty(key, out var v)
                    ? v.ValueKind switch { JsonValueKind.Null => null, JsonValueKind.String => v.GetString(), _ => v.ToString() } : null;
                list.Add((p.Name, new Change(Read("before"), Read("after"))));
            }
        }
        catch (JsonException) { }
        return list;
    }

    /// <summary>The name a record's own values give (for objects deleted since, or kinds not looked up).</summary>
    private static string? NamedBy(List<(string Field, Change Change)> fields)
    {
        foreach (var key in new[] { "Name", "Title", "UserName", "FileName" })
            if (fields.FirstOrDefault(f => f.Field == key).Change is { } c && (c.After ?? c.Before) is { Length: > 0 } v) return v;
        return null;
    }

    private static string Describe(string action, List<(string Field, Change Change)> fields, Dictionary<(string, string), string> names)
    {
        string Show(string field, string? value)
        {
            if (value is null) return "（空）";
            if (field == "UnitId" && names.TryGetValue(("Unit", value), out var unit)) return unit;
            if (field == "UserId" && names.TryGetValue(("User", value), out var user)) return user;
            if (value is "True") return "是";
            if (value is "False") return "否";
            return value.Length > 60 ? value[..60] + "…" : value;
        }
        var text = new StringBuilder();
        foreach (var (field, change) in fields)
        {
            if (field is "CreatedAt" or "UpdatedAt" or "RowVersion") continue;
            if (text.Length > 0) text.Append('；');
            text.Append(Fields.GetValueOrDefault(field, field)).Append('：');
            text.Append(action switch
            {
                "update" => $"{Show(field, change.Before)} → {Show(field, change.After)}",
                "delete" => Show(field, change.Before),
                _ => Show(field, change.After),
            });
        }
        return text.ToString();
    }
}
