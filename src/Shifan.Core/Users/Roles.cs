namespace Shifan.Core.Users;

/// <summary>Which records of a campaign a role reaches, by the unit tree.</summary>
public enum DataScope
{
    /// <summary>Everything of the campaigns the user belongs to or is granted.</summary>
    All,
    /// <summary>The user's own unit and the units below it.</summary>
    UnitAndBelow,
    /// <summary>The user's own unit only.</summary>
    OwnUnit,
    /// <summary>Only the records the user made (in their own unit).</summary>
    OwnRecords,
}

/// <summary>Roles, their default permissions and data scope; whoever holds system:role:manage can change both per role (see <see cref="RoleDefinition"/>).</summary>
public static class Roles
{
    /// <summary>系统管理员: system configuration and the business (campaigns, organisations, frameworks, units); no accounts, no operation log (三员分立).</summary>
    public const string Admin = "admin";
    /// <summary>安全管理员: accounts, roles and rights, sessions, password and second-factor resets; nothing of the business or the log.</summary>
    public const string SecurityAdmin = "security-admin";
    /// <summary>审计管理员: reads, filters, exports and verifies the operation log; nothing else.</summary>
    public const string AuditAdmin = "audit-admin";
    public const string Office = "office";
    public const string UnitHead = "unit-head";
    public const string Liaison = "liaison";
    public const string Leader = "leader";
    public const string Reviewer = "reviewer";
    /// <summary>A third-party evaluator (评估专家): reads the frozen packages granted to them, nothing else.</summary>
    public const string Evaluator = "evaluator";

    public static IReadOnlyList<string> All { get; } = [Admin, SecurityAdmin, AuditAdmin, Office, UnitHead, Liaison, Leader, Reviewer, Evaluator];

    public static string DisplayName(string role) => role switch
    {
        Admin => "系统管理员",
        SecurityAdmin => "安全管理员",
        AuditAdmin => "审计管理员",
        Office => "办公室",
        UnitHead => "单位负责人",
        Liaison => "联络人",
        Leader => "领导",
        Reviewer => "评审",
        Evaluator => "评估专家",
        _ => role,
    };

    private static readonly string[] ReadAll =
        [Permissions.CampaignRead, Permissions.FrameworkRead, Permissions.UnitRead, Permissions.AssignmentRead, Permissions.EvidenceRead, Permissions.LedgerView, Permissions.DashboardView, Permissions.AssessmentView, Permissions.ProblemView];

    /// <summary>Running the 督导: the lights' thresholds, the ranking weights and the bulletin.</summary>
    private static readonly string[] Supervise = [Permissions.SupervisionSettingsEdit, Permissions.BulletinView, Permissions.BulletinEdit];

    /// <summary>Filling in and handing in the unit's 工作台账 (the liaison's work).</summary>
    private static readonly string[] LedgerFill = [Permissions.LedgerEdit, Permissions.LedgerSubmit];

    /// <summary>Running the ledger rounds: periods, who is late, the consolidated ledger.</summary>
    private static readonly string[] LedgerOffice = [Permissions.LedgerOverview, Permissions.LedgerPeriodEdit];

    private static readonly string[] Evidence = [Permissions.EvidenceUpload, Permissions.EvidenceDelete];

    private static readonly string[] Submit = [Permissions.ReviewSubmit];

    /// <summary>The application package (集中申报): freezing what is approved and handing it over.</summary>
    private static readonly string[] Package = [Permissions.PackageRead, Permissions.PackageFreeze, Permissions.PackageGrantManage];

    /// <summary>The office's side of 自查自评: its own ratings, weights, raising and closing problems, the 自评报告.</summary>
    private static readonly string[] AssessOffice = [Permissions.RatingOffice, Permissions.FigureEdit, Permissions.WeightEdit, Permissions.ProblemRaise, Permissions.ProblemRectify, Permissions.ProblemClose, Permissions.ReportEdit];

    /// <summary>A unit's side: rating the indicators it leads, fixing its problems, its 自查报告.</summary>
    private static readonly string[] AssessUnit = [Permissions.RatingUnit, Permissions.FigureEdit, Permissions.ProblemRectify, Permissions.UnitReportEdit];

    private static readonly string[] EditAll =
        [Permissions.CampaignEdit, Permissions.FrameworkEdit, Permissions.UnitEdit, Permissions.AssignmentEdit, Permissions.FrameworkExport];

    /// <summary>The permissions a role has until the office changes them.</summary>
    public static IReadOnlyList<string> DefaultPermissions(string role) => role switch
    {
        Admin => [.. ReadAll, .. EditAll, .. Evidence, .. Submit, .. LedgerFill, .. LedgerOffice, .. Package, Permissions.LedgerConfirm, Permissions.ReviewApprove, Permissions.ReviewReasonEdit, Permissions.CampaignCreate, Permissions.UnitContactEdit, Permissions.OrganisationManage, .. Supervise, .. AssessOffice, Permissions.UnitReportEdit],
        Office => [.. ReadAll, .. EditAll, .. Evidence, .. Submit, .. LedgerOffice, .. Package, .. Supervise, .. AssessOffice, Permissions.UnitReportEdit, Permissions.ReviewApprove, Permissions.ReviewReasonEdit, Permissions.UnitContactEdit],
        SecurityAdmin => SecurityGroup,
        AuditAdmin => AuditGroup,
        UnitHead => [.. ReadAll, .. Evidence, .. Submit, .. LedgerFill, Permissions.LedgerConfirm, Permissions.ReviewLead, Permissions.UnitContactEdit, .. AssessUnit],
        Liaison => [.. ReadAll, .. Evidence, .. Submit, .. LedgerFill, Permissions.ReviewLead, .. AssessUnit],
        Leader => [.. ReadAll, Permissions.LedgerOverview, Permissions.BulletinView],
        Reviewer => [.. ReadAll, Permissions.ReviewApprove],
        // No campaign-wide right at all: only the packages granted to the evaluator, each for its period.
        Evaluator => [Permissions.PackageGrantRead],
        _ => [],
    };

    public static DataScope DefaultScope(string role) => role switch
    {
        UnitHead => DataScope.UnitAndBelow,
        Liaison => DataScope.OwnUnit,
        Evaluator => DataScope.OwnRecords,
        _ => DataScope.All,
    };

    /// <summary>Roles that must use a second factor until an administrator says otherwise: those who can change the system or every unit's material.</summary>
    public static bool DefaultRequiresSecondFactor(string role) => role is Admin or SecurityAdmin or AuditAdmin or Office;

    /// <summary>Roles whose users belong to no unit or organisation: the three administrators, reviewers (granted per campaign) and evaluators.</summary>
    public static bool Unplaced(string role) => role is Admin or SecurityAdmin or AuditAdmin or Reviewer or Evaluator;

    public static string ScopeName(DataScope scope) => scope switch
    {
        DataScope.All => "全部（本创建活动）",
        DataScope.UnitAndBelow => "本单位及下级单位",
        DataScope.OwnUnit => "本单位",
        _ => "仅本人提交的",
    };

    /// <summary>The 安全管理员's group (三员分立): accounts, roles and rights, sessions (password and second-factor resets come with accounts).</summary>
    public static IReadOnlyList<string> SecurityGroup { get; } = [Permissions.UserManage, Permissions.RoleManage, Permissions.SessionManage];

    /// <summary>The 审计管理员's group: reading, exporting and verifying the operation log.</summary>
    public static IReadOnlyList<string> AuditGroup { get; } = [Permissions.AuditRead];

    /// <summary>Permissions that only read (or export what one may read): they join any group without breaking the separation.</summary>
    public static IReadOnlySet<string> ReadOnly { get; } = new HashSet<string>
    {
        Permissions.CampaignRead, Permissions.FrameworkRead, Permissions.FrameworkExport, Permissions.UnitRead, Permissions.AssignmentRead,
        Permissions.EvidenceRead, Permissions.LedgerView, Permissions.LedgerOverview, Permissions.DashboardView, Permissions.BulletinView,
        Permissions.AssessmentView, Permissions.ProblemView, Permissions.PackageRead, Permissions.PackageGrantRead,
    };

    /// <summary>The three administrator groups of 三员分立 a permission belongs to, or null for a read-only permission.</summary>
    public static AdminGroup? GroupOf(string permission) =>
        SecurityGroup.Contains(permission) ? AdminGroup.Security
        : AuditGroup.Contains(permission) ? AdminGroup.Audit
        : ReadOnly.Contains(permission) ? null
        : AdminGroup.System;

    public static string GroupName(AdminGroup group) => group switch
    {
        AdminGroup.Security => "安全管理（用户、角色权限、会话）",
        AdminGroup.Audit => "审计（查看与导出操作日志）",
        _ => "系统管理与业务操作（创建活动、组织机构、指标体系、单位、材料等）",
    };

    /// <summary>
    /// 三员分立: a role holds permissions of one group at most (read-only ones aside); returns the Chinese refusal or null.
    /// </summary>
    public static string? SeparationProblem(IEnumerable<string> permissions)
    {
        var groups = permissions.Select(GroupOf).OfType<AdminGroup>().Distinct().Order().ToList();
        if (groups.Count < 2) return null;
        return $"按“三员分立”要求，一个角色不能同时拥有{GroupName(groups[0])}与{GroupName(groups[1])}两类权限，请去掉其中一类";
    }

    /// <summary>
    /// Checks a role's new permissions and scope; returns (field, Chinese message) or null.
    /// The security admin keeps user and role management and the audit admin keeps the log, so nobody can lock the
    /// system out of its own administration or blind its audit; no role mixes the three administrators' groups.
    /// </summary>
    public static (string Field, string Message)? Validate(string role, IReadOnlyCollection<string> permissions, DataScope scope, bool custom = false)
    {
        if (!custom && !All.Contains(role)) return ("role", $"角色“{role}”不存在");
        if (permissions.FirstOrDefault(p => !Permissions.All.Contains(p)) is { } unknown) return ("permissions", $"权限“{unknown}”不存在");
        if (!Enum.IsDefined(scope)) return ("dataScope", "数据范围不正确");
        if (SeparationProblem(permissions) is { } mixed) return ("permissions", mixed);
        if (role == SecurityAdmin && (!permissions.Contains(Permissions.UserManage) || !permissions.Contains(Permissions.RoleManage)))
            return ("permissions", "安全管理员必须保留“管理用户”和“管理角色权限”，否则无人能再管理账号与权限");
        if (role == AuditAdmin && !permissions.Contains(Permissions.AuditRead))
            return ("permissions", "审计管理员必须保留“查看操作日志”，否则无人能再查阅操作日志");
        if (role is Admin or SecurityAdmin or AuditAdmin && scope != DataScope.All) return ("dataScope", $"{DisplayName(role)}的数据范围只能是全部");
        return null;
    }
}

/// <summary>
/// A role's permissions and data scope as changed by an administrator; a built-in role without one uses the defaults.
/// A custom role (督查组, 第三方评估组) exists only as a definition, made from a built-in role as its template.
/// </summary>
public sealed class RoleDefinition
{
    public required string Role { get; set; }
    /// <summary>Made by an administrator (not one of <see cref="Roles.All"/>); it can be deleted when nobody holds it.</summary>
    public bool IsCustom { get; set; }
    /// <summary>The Chinese name of a custom role; built-in roles are named by <see cref="Roles.DisplayName"/>.</summary>
    public string? DisplayName { get; set; }
    /// <summary>Permission strings separated by spaces.</summary>
    public string Permissions { get; set; } = "";
    public DataScope DataScope { get; set; }
    /// <summary>Whether the role's users must sign in with a second factor; null keeps the default (<see cref="Roles.DefaultRequiresSecondFactor"/>).</summary>
    public bool? RequireSecondFactor { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    public IReadOnlyList<string> PermissionList => Permissions.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Role codes: lower-case letters, digits and hyphens, 2 to 32, starting with a letter.</summary>
    public static bool IsValidCode(string? code) =>
        code is { Length: >= 2 and <= 32 } && code[0] is >= 'a' and <= 'z' && code.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');
}

/// <summary>`module:entity:action` permission strings, checked on every endpoint and page.</summary>
public static class Permissions
{
    public const string CampaignRead = "campaign:campaign:read";
    public const string CampaignEdit = "campaign:campaign:edit";
    public const string CampaignCreate = "campaign:campaign:create";
    public const string FrameworkRead = "framework:node:read";
    public const string FrameworkEdit = "framework:node:edit";
    public const string FrameworkExport = "framework:framework:export";
    public const string UnitRead = "unit:unit:read";
    public const string UnitEdit = "unit:unit:edit";
    public const string AssignmentRead = "assignment:assignment:read";
    public const string AssignmentEdit = "assignment:assignment:edit";
    public const string UserManage = "system:user:manage";
    public const string RoleManage = "system:role:manage";
    public const string AuditRead = "system:audit:read";
    public const string SessionManage = "system:session:manage";
    public const string OrganisationManage = "system:org:manage";
    public const string UnitContactEdit = "unit:contact:edit";
    public const string EvidenceRead = "evidence:item:read";
    public const string EvidenceUpload = "evidence:item:upload";
    public const string EvidenceDelete = "evidence:item:delete";
    public const string ReviewSubmit = "review:item:submit";
    public const string ReviewLead = "review:item:lead";
    public const string ReviewApprove = "review:item:approve";
    public const string ReviewReasonEdit = "review:reason:edit";
    public const string LedgerView = "ledger:ledger:view";
    public const string LedgerEdit = "ledger:ledger:edit";
    public const string LedgerSubmit = "ledger:ledger:submit";
    public const string LedgerConfirm = "ledger:ledger:confirm";
    public const string LedgerOverview = "ledger:overview:view";
    public const string LedgerPeriodEdit = "ledger:period:edit";
    public const string PackageRead = "package:build:read";
    public const string PackageFreeze = "package:freeze:create";
    public const string PackageGrantManage = "package:grant:manage";
    public const string PackageGrantRead = "package:grant:read";
    public const string DashboardView = "supervision:dashboard:view";
    public const string SupervisionSettingsEdit = "supervision:settings:edit";
    public const string BulletinView = "supervision:bulletin:view";
    public const string BulletinEdit = "supervision:bulletin:edit";
    public const string AssessmentView = "assess:rating:view";
    public const string RatingUnit = "assess:rating:unit";
    public const string RatingOffice = "assess:rating:office";
    public const string WeightEdit = "assess:weight:edit";
    public const string FigureEdit = "assess:figure:edit";
    public const string ReportEdit = "assess:report:edit";
    public const string UnitReportEdit = "assess:unitreport:edit";
    public const string ProblemView = "problem:problem:view";
    public const string ProblemRaise = "problem:problem:raise";
    public const string ProblemRectify = "problem:problem:rectify";
    public const string ProblemClose = "problem:problem:close";

    /// <summary>Every permission with its Chinese name, in the order the role page lists them.</summary>
    public static IReadOnlyList<(string Code, string Name)> Catalog { get; } =
    [
        (CampaignRead, "查看创建活动"), (CampaignEdit, "修改活动信息、阶段与截止日期"), (CampaignCreate, "新建与结束创建活动"),
        (FrameworkRead, "查看指标体系"), (FrameworkEdit, "编辑与导入指标体系"), (FrameworkExport, "导出指标体系"),
        (UnitRead, "查看单位"), (UnitEdit, "编辑单位"), (UnitContactEdit, "维护联络人"),
        (AssignmentRead, "查看分工"), (AssignmentEdit, "调整分工"),
        (EvidenceRead, "查看佐证材料"), (EvidenceUpload, "上传与替换佐证材料"), (EvidenceDelete, "删除佐证材料"),
        (ReviewSubmit, "提交材料审核"), (ReviewLead, "牵头单位审核责任单位材料"), (ReviewApprove, "审核通过与退回材料"), (ReviewReasonEdit, "维护退回原因"),
        (LedgerView, "查看工作台账（本单位范围内）"), (LedgerEdit, "填写工作台账"), (LedgerSubmit, "提交工作台账"), (LedgerConfirm, "确认工作台账（单位盖章）"),
        (LedgerOverview, "查看各单位报送情况与汇总台账"), (LedgerPeriodEdit, "设置报送期与截止日"),
        (PackageRead, "查看冻结记录、下载申报包"), (PackageFreeze, "冻结申报材料"),
        (PackageGrantManage, "授权评估专家查阅申报包、撤销授权"), (PackageGrantRead, "查阅被授权的申报包（评估专家）"),
        (DashboardView, "查看督导看板与排名（本单位范围内）"), (SupervisionSettingsEdit, "设置红黄绿灯规则与排名权重"),
        (BulletinView, "查看督导通报"), (BulletinEdit, "起草、修改与印发督导通报"),
        (AssessmentView, "查看自查自评与得分"), (RatingUnit, "牵头单位自评指标"), (RatingOffice, "办公室评定指标"), (FigureEdit, "填报量化标准的实际数值"), (WeightEdit, "设置指标权重与分值"),
        (UnitReportEdit, "编写本单位自查报告"), (ReportEdit, "编写与定稿自评报告"),
        (ProblemView, "查看问题清单"), (ProblemRaise, "登记与修改问题"), (ProblemRectify, "整改问题、提交销号材料"), (ProblemClose, "对账销号与退回整改"),
        (OrganisationManage, "维护组织机构"), (UserManage, "管理用户"), (RoleManage, "管理角色权限"), (AuditRead, "查看操作日志"), (SessionManage, "管理在线会话"),
    ];

    public static IReadOnlySet<string> All { get; } = Catalog.Select(c => c.Code).ToHashSet();

    public static string Describe(string permission) => Catalog.FirstOrDefault(c => c.Code == permission).Name ?? permission;
}
