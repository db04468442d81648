using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Documents.Export;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using Shifan.Features.Account;
using Shifan.Features.Campaigns;
using Shifan.Features.Frameworks;
using Shifan.Hosting;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Cli;

/// <summary>A command's wrong usage or unreadable input: a Chinese message and exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The administrative commands of `shifan`, run against the same configuration as the web app.</summary>
public static class CommandLine
{
    private static readonly string[] Commands = ["db", "campaign", "framework", "user", "audit", "evidence", "ledger", "problem", "org", "package", "bulletin", "report", "help", "--help", "-h"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public const string Usage = """
        用法：shifan [命令] [选项]
          serve（默认）                          启动网站，默认 http://localhost:5000
          db migrate                             升级数据库结构
          campaign list [--json]                 列出创建活动及其指标数、单位数
          campaign create --name 名称 --region 地区 --from 日期 --to 日期 [--level 县|区|市|部门] [--office 办公室名称] [--framework FILE]
                                                 新建创建活动（不指定 --framework 时使用内置的市县法治政府建设示范指标体系）
          campaign update ID [--name] [--region] [--level] [--from] [--to] [--status 筹备中|进行中|已申报]  修改创建活动
          campaign close ID                      结束创建活动（仍可查看，不能再上传材料）
                                                 create/update 可加 --organisation ID：活动所属组织（其上级组织的用户可见）
                                                 create 可加 --from-campaign ID：接续往期活动（单位、分工、未销号问题、仍有效的材料；审核状态重新开始）
          org list                               列出组织机构树（编号、类别、路径）
          org add NAME --kind 省|市|县|部门|乡镇|其他 [--parent ID]  新增组织
          framework inspect FILE [--json]        读取任务分解表（docx/xlsx/JSON）并输出交换格式
          framework export --campaign ID --format json|xlsx|docx --out FILE
          framework import FILE --campaign ID    导入任务分解表为新版本指标体系（单位按名称对应，没有的新建）
          user add NAME --role ROLE [--unit UNIT] [--campaign ID] [--organisation ID] [--email ADDRESS]
                                                 新增用户，密码从标准输入读取（--organisation：在该组织及下级的全部活动中担任该角色）
          user set-password NAME                 从标准输入读取新密码
          evidence add FILE… --campaign ID --indicator CODE --material NO --user NAME  以该用户身份批量上传
          evidence check --campaign ID [--json]  每项指标、每项材料要求的检查结果
          evidence extract                       立即提取尚未提取的文件文字（供全文检索；网站运行时会在后台自动进行）
          ledger export --campaign ID --period YYYY-MM [--unit ID] --format docx|xlsx --out FILE
                                                 导出工作台账（指定 --unit 为单位台账，否则为全部单位的汇总台账，仅 xlsx）
          problem export --campaign ID --kind list|ledger --format xlsx|docx --out FILE
                                                 导出问题清单（list）或整改台账（ledger），正式表样
          package freeze --campaign ID           冻结当前审核通过的全部材料，输出申报包编号
          package build --campaign ID [--freeze N] --out FILE.zip
                                                 生成申报包（默认最近一次冻结；先写临时文件，完成后改名）
          package verify FILE.zip                逐个文件重算 SHA-256 与 SM3 并与清单核对，清单与冻结记录核对（不符时退出码为1）
          package grant --campaign ID --freeze N --user NAME --until YYYY-MM-DD [--from YYYY-MM-DD] [--name 姓名]
                                                 授权评估专家只读查阅一次冻结的申报包至截止日当日24时（北京时间）；用户名不存在时新建评估专家账号并输出一次性密码
          bulletin generate --campaign ID --period YYYY-MM --out FILE.docx
                                                 按该期看板数据和单位排名生成督导通报草稿（GB/T 9704 公文版式）
          report selfcheck --campaign ID [--unit ID] --out FILE.docx
                                                 导出自评报告（指定 --unit 为该单位的自查报告）：有定稿的导出定稿存档件，否则按当前数据生成
          audit verify                           校验操作日志哈希链（被篡改时退出码为1）
          audit export [--from DATE] [--to DATE] --out FILE.xlsx  导出操作日志
        通用选项：--data DIR（数据目录，默认 ./data）  --database "Host=…"（使用 PostgreSQL）
                  --as 用户名（以该用户的角色、权限和数据范围执行并记入操作日志；不指定时以系统账号执行）
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextReader? stdin = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stdin ??= Console.In;
        stderr ??= Console.Error;
        try
        {
            var parsed = ParsedArgs.Parse(args);
            CheckOptions(parsed);
            return (parsed.Verb, parsed.Noun) switch
            {
                ("help" or "--help" or "-h", _) => Help(stdout),
                ("db", "migrate") => await WithServices(parsed, async sp =>
                {
                    await Database.MigrateAsync(sp.GetRequiredService<ShifanDbContext>());
                    await stdout.WriteLineAsync("数据库已是最新结构。");
                    return 0;
                }),
                ("campaign", "list") => await WithServices(parsed, sp => CampaignList(sp, parsed, stdout)),
                ("campaign", "create") => await WithServices(parsed, sp => CreateCampaign(sp, parsed, stdout)),
                ("campaign", "update") => await WithServices(parsed, sp => UpdateCampaign(sp, parsed, stdout, close: false)),
                ("campaign", "close") => await WithServices(parsed, sp => UpdateCampaign(sp, parsed, stdout, close: true)),
                ("framework", "inspect") => Inspect(parsed, stdout),
                ("framework", "export") => await WithServices(parsed, sp => Export(sp, parsed, stdout)),
                ("framework", "import") => await WithServices(parsed, sp => Import(sp, parsed, stdout)),
                ("user", "set-password") => await WithServices(parsed, sp => SetPassword(sp, parsed, stdin, stdout)),
                ("user", "add") => await WithServices(parsed, sp => AddUser(sp, parsed, stdin, stdout)),
                ("evidence", "add") => await WithServices(parsed, sp => AddEvidence(sp, parsed, stdout)),
                ("evidence", "check") => await WithServices(parsed, sp => CheckEvidence(sp, parsed, stdout)),
                ("evidence", "extract") => await WithServices(parsed, async sp =>
                {
                    var done = await sp.GetRequiredService<Features.Evidence.TextExtraction>().RunPendingAsync();
                    await stdout.WriteLineAsync($"已提取 {done} 个文件的文字。");
                    return 0;
                }),
                ("ledger", "export") => await ExportLedger(parsed, stdout),
                ("problem", "export") => await ExportProblems(parsed, stdout),
                ("org", "list") => await WithServices(parsed, sp => ListOrganisations(sp, stdout)),
                ("org", "add") => await WithServices(parsed, sp => AddOrganisation(sp, parsed, stdout)),
                ("package", "freeze") => await WithServices(parsed, sp => Features.Packages.PackageCommands.FreezeAsync(sp, CampaignOption(parsed), stdout)),
                ("package", "build") => await Features.Packages.PackageCommands.BuildAsync(parsed, CampaignOption(parsed), stdout, WithServices),
                ("package", "verify") => await Features.Packages.PackageCommands.VerifyAsync(parsed, stdout, WithServices),
                ("package", "grant") => await Features.Packages.PackageCommands.GrantAsync(parsed, CampaignOption(parsed), DateOption(parsed, "from"), DateOption(parsed, "until"), stdout, WithServices),
                ("bulletin", "generate") => await GenerateBulletin(parsed, stdout),
                ("report", "selfcheck") => await Features.SelfCheckReports.SelfCheckReportCommands.SelfCheckAsync(parsed, stdout, WithServices),
                ("audit", "verify") => await WithServices(parsed, sp => VerifyAudit(sp, stdout)),
                ("audit", "export") => await WithServices(parsed, sp => ExportAudit(sp, parsed, stdout)),
                _ => throw new UsageException($"未知命令：{string.Join(' ', args.Take(2))}\n{Usage}"),
            };
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"错误：{ex.Message}");
            return 2;
        }
        catch (DocumentReadException ex)
        {
            await stderr.WriteLineAsync($"错误：{ex.Message}");
            return 2;
        }
        catch (Features.Ledgers.LedgerRefusedException ex)
        {
            await stderr.WriteLineAsync($"错误：{ex.Message}");
            return 2;
        }
        catch (Core.RefusedException ex)
        {
            await stderr.WriteLineAsync($"错误：{ex.Message}");
            return 2;
        }
        catch (Core.ConflictException ex)
        {
            await stderr.WriteLineAsync($"错误：{ex.Message}");
            return 1;
        }
        catch (ForbiddenException ex)
        {
            // The identity the command acts as (--as) lacks the permission: the same refusal as on the web.
            await stderr.WriteLineAsync($"错误：{ex.Message}");
            return 1;
        }
        catch (NotFoundException ex)
        {
            await stderr.WriteLineAsync($"错误：{ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is DbUpdateException or IOException or UnauthorizedAccessException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"错误：{ex.Message}");
            return 1;
        }
    }

    /// <summary>The options each command takes (besides --data and --database): a misspelt option is an error, never silently ignored.</summary>
    private static readonly Dictionary<(string, string), string[]> OptionsOf = new()
    {
        [("campaign", "list")] = ["json"],
        [("campaign", "create")] = ["name", "region", "level", "from", "to", "office", "framework", "organisation", "from-campaign"],
        [("campaign", "update")] = ["name", "region", "level", "from", "to", "status", "organisation"],
        [("org", "list")] = [],
        [("org", "add")] = ["kind", "parent"],
        [("campaign", "close")] = [],
        [("framework", "inspect")] = ["json"],
        [("framework", "export")] = ["campaign", "format", "out"],
        [("framework", "import")] = ["campaign"],
        [("user", "add")] = ["role", "unit", "campaign", "email", "organisation"],
        [("user", "set-password")] = [],
        [("evidence", "add")] = ["campaign", "indicator", "material", "user"],
        [("evidence", "check")] = ["campaign", "json"],
        [("evidence", "extract")] = [],
        [("ledger", "export")] = ["campaign", "period", "unit", "format", "out"],
        [("problem", "export")] = ["campaign", "kind", "format", "out"],
        [("package", "freeze")] = ["campaign"],
        [("package", "build")] = ["campaign", "freeze", "out"],
        [("package", "verify")] = [],
        [("package", "grant")] = ["campaign", "freeze", "user", "until", "from", "name"],
        [("bulletin", "generate")] = ["campaign", "period", "out"],
        [("report", "selfcheck")] = ["campaign", "unit", "out"],
        [("audit", "verify")] = [],
        [("audit", "export")] = ["from", "to", "out"],
        [("db", "migrate")] = [],
    };

    private static void CheckOptions(ParsedArgs parsed)
    {
        if (!OptionsOf.TryGetValue((parsed.Verb, parsed.Noun), out var allowed)) return;
        foreach (var name in parsed.Options.Keys.Concat(parsed.Flags))
            if (name is not ("data" or "database" or "as") && !allowed.Contains(name))
                throw new UsageException($"命令 {parsed.Verb} {parsed.Noun} 没有选项 --{name}" + (allowed.Length > 0 ? $"（可用：{string.Join("、", allowed.Select(a => "--" + a))}）" : ""));
    }

    private static async Task<int> CreateCampaign(IServiceProvider sp, ParsedArgs parsed, TextWriter stdout)
    {
        FrameworkFile? file = null;
        if (parsed.Option("framework") is { } path)
        {
            file = FrameworkReader.Read(path);
            foreach (var d in file.Diagnostics.Where(d => d.Severity != "info"))
                await stdout.WriteLineAsync($"  [{d.Severity}] {d.Location}: {d.Message}");
        }
        var request = new NewCampaign(parsed.Option("name"), parsed.Option("region"), parsed.Option("level"),
            DateOption(parsed, "from"), DateOption(parsed, "to"), parsed.Option("office"), IntOption(parsed, "organisation"), IntOption(parsed, "from-campaign"));
        var lifecycle = sp.GetRequiredService<CampaignLifecycle>();
        var (id, refusal) = await lifecycle.CreateAsync(request, file);
        if (refusal is not null) throw new UsageException(refusal.Message);
        await stdout.WriteLineAsync($"已新建创建活动 {id}：{request.Name!.Trim()}");
        if (lifecycle.CarriedOver is { } c)
            await stdout.WriteLineAsync($"从往期活动接续：新增单位{c.Units}个、分工{c.Assignments}条、未销号问题{c.Problems}个、仍有效材料{c.Evidence}件（过期未带入{c.EvidenceLeftBehind}件）");
        return 0;
    }

    private static async Task<int> UpdateCampaign(IServiceProvider sp, ParsedArgs parsed, TextWriter stdout, bool close)
    {
        if (!int.TryParse(parsed.Positional.FirstOrDefault(), out var id)) throw new UsageException($"请指定创建活动编号：shifan campaign {(close ? "close" : "update")} ID");
        var lifecycle = sp.GetRequiredService<CampaignLifecycle>();
        var refusal = close ? await lifecycle.CloseAsync(id)
            : await lifecycle.UpdateAsync(id, new CampaignEdit(parsed.Option("name"), parsed.Option("region"), parsed.Option("level"),
                DateOption(parsed, "from"), DateOption(parsed, "to"), parsed.Option("status"), IntOption(parsed, "organisation")));
        if (refusal is not null) throw new UsageException(refusal.Message);
        await stdout.WriteLineAsync(close ? $"创建活动 {id} 已结束。" : $"已修改创建活动 {id}。");
        return 0;
    }

    private static int? IntOption(ParsedArgs parsed, string name) => parsed.Option(name) is not { } text ? null
        : int.TryParse(text, out var n) ? n : throw new UsageException($"--{name} 应为编号（整数）");

    private static int CampaignOption(ParsedArgs parsed) =>
        int.TryParse(parsed.Option("campaign"), out var id) ? id : throw new UsageException("请用 --campaign ID 指定创建活动编号");

    private static DateOnly? DateOption(ParsedArgs parsed, string name) => parsed.Option(name) is not { } text ? null
        : DateOnly.TryParse(text, out var d) ? d : throw new UsageException($"--{name} 日期格式不正确（例如 2027-01-01）");

    private static int Help(TextWriter stdout)
    {
        stdout.WriteLine(Usage);
        return 0;
    }

    internal static async Task<int> WithServices(ParsedArgs parsed, Func<IServiceProvider, Task<int>> action)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(parsed.Options.Where(o => o.Key is "data" or "database").Select(o => KeyValuePair.Create(o.Key, (string?)o.Value)))
            .Build();
        var options = ShifanOptions.From(configuration);
        var services = new ServiceCollection();
        services.AddSingleton(options);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        // The same password policy, idle timeout and limits as the web app (Shifan:Password:* and friends).
        WebAppBuilder.AddServices(services, options, Features.Account.SecurityOptions.From(configuration));
        await using var provider = services.BuildServiceProvider();
        if (Database.ProviderOf(options.ConnectionString) == DatabaseProvider.Sqlite) options.EnsureDataDirectory();
        await using var scope = provider.CreateAsyncScope();
        if (parsed.Verb != "db") await Database.MigrateAsync(scope.ServiceProvider.GetRequiredService<ShifanDbContext>());
        // The system account unless --as names a user; what the command does is checked and audited as that identity.
        using var acting = ActingUser.Begin(await CommandIdentity.PrincipalAsync(scope.ServiceProvider, parsed.Option("as")));
        return await action(scope.ServiceProvider);
    }

    private static async Task<int> CampaignList(IServiceProvider sp, ParsedArgs parsed, TextWriter stdout)
    {
        var campaigns = await sp.GetRequiredService<CampaignService>().ListAsync();
        if (parsed.Flags.Contains("json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(campaigns, FrameworkJson.Options));
            return 0;
        }
        if (campaigns.Count == 0) await stdout.WriteLineAsync("（没有创建活动）");
        foreach (var c in campaigns)
            await stdout.WriteLineAsync($"{c.Id}\t{c.Name}\t{c.Level}\t指标 {c.IndicatorCount}\t单位 {c.UnitCount}\t分工 {c.AssignmentCount}\t{c.Status}");
        return 0;
    }

    private static int Inspect(ParsedArgs parsed, TextWriter stdout)
    {
        var path = parsed.Positional.FirstOrDefault() ?? throw new UsageException("请指定要读取的文件：shifan framework inspect FILE --json");
        var file = FrameworkReader.Read(path);
        if (parsed.Flags.Contains("json"))
        {
            stdout.WriteLine(FrameworkJson.Write(file));
            return 0;
        }
        var nodes = file.AllNodes().ToList();
        stdout.WriteLine($"{file.Title}（{file.Source.Format}）");
        foreach (var kind in new[] { "area", "group", "indicator", "item", "bonus", "veto", "deduction" })
            stdout.WriteLine($"  {kind}: {nodes.Count(n => n.Kind == kind)}");
        foreach (var d in file.Diagnostics.Where(d => d.Severity != "info"))
            stdout.WriteLine($"  [{d.Severity}] {d.Location}: {d.Message}");
        return 0;
    }

    private static async Task<int> Export(IServiceProvider sp, ParsedArgs parsed, TextWriter stdout)
    {
        if (!int.TryParse(parsed.Option("campaign"), out var campaignId)) throw new UsageException("请用 --campaign ID 指定创建活动编号");
        var format = parsed.Option("format") ?? "json";
        if (!FrameworkWriters.Formats.Contains(format)) throw new UsageException("--format 只能是 json、xlsx 或 docx");
        var output = parsed.Option("out") ?? throw new UsageException("请用 --out FILE 指定输出文件");
        var file = await sp.GetRequiredService<FrameworkService>().ExportAsync(campaignId);
        await AtomicFile.WriteAsync(output, stream => FrameworkWriters.Write(file, format, stream));
        await stdout.WriteLineAsync($"已导出 {file.AllNodes().Count(n => n.Kind == "indicator")} 项指标到 {Path.GetFullPath(output)}");
        return 0;
    }

    private static async Task<int> Import(IServiceProvider sp, ParsedArgs parsed, TextWriter stdout)
    {
        var path = parsed.Positional.FirstOrDefault() ?? throw new UsageException("请指定要导入的文件：shifan framework import FILE --campaign ID");
        if (!int.TryParse(parsed.Option("campaign"), out var campaignId)) throw new UsageException("请用 --campaign ID 指定创建活动编号");
        var file = FrameworkReader.Read(path);
        foreach (var d in file.Diagnostics.Where(d => d.Severity != "info"))
            await stdout.WriteLineAsync($"  [{d.Severity}] {d.Location}: {d.Message}");
        var result = await sp.GetRequiredService<Features.FrameworkImport.FrameworkImportService>().CommitFileAsync(campaignId, file, new Dictionary<string, int>());
        await stdout.WriteLineAsync($"已导入第{result.Version}版指标体系：{result.Nodes}个节点，新建单位{result.UnitsCreated}个，新增分工{result.AssignmentsCreated}条，保留分工{result.AssignmentsKept}条，移除分工{result.AssignmentsDropped}条。");
        return 0;
    }

    private static async Task<int> ListOrganisations(IServiceProvider sp, TextWriter stdout)
    {
        foreach (var o in await sp.GetRequiredService<Features.Organisations.OrganisationService>().TreeAsync())
            await stdout.WriteLineAsync($"{o.Id,5}  {new string(' ', o.Depth * 2)}{o.Name}（{o.KindName}）  活动{o.Campaigns} 单位{o.Units} 用户{o.Users}");
        return 0;
    }

    private static async Task<int> AddOrganisation(IServiceProvider sp, ParsedArgs parsed, TextWriter stdout)
    {
        var name = parsed.Positional.FirstOrDefault() ?? throw new UsageException("请指定组织名称：shifan org add NAME --kind 市 [--parent ID]");
        var kindText = parsed.Option("kind") ?? throw new UsageException("请用 --kind 指定类别：省、市、县、部门、乡镇、其他");
        var kind = kindText switch
        {
            "省" => "Province", "市" => "City", "县" or "区" or "县区" => "County", "部门" => "Department", "乡镇" or "街道" => "Township", "其他" => "OutsideBody",
            _ => Enum.TryParse<Core.Organisations.OrganisationKind>(kindText, true, out var k) && Enum.IsDefined(k) ? k.ToString()
                : throw new UsageException($"类别“{kindText}”不正确（省、市、县、部门、乡镇、其他）"),
        };
        var created = await sp.GetRequiredService<Features.Organisations.OrganisationService>().CreateAsync(
            new Features.Organisations.OrganisationEdit(name, kind, IntOption(parsed, "parent")));
        await stdout.WriteLineAsync($"已新增组织 {created.Id}：{created.Name}");
        return 0;
    }

    private static async Task<int> AddUser(IServiceProvider sp, ParsedArgs parsed, TextReader stdin, TextWriter stdout)
    {
        var name = parsed.Positional.FirstOrDefault() ?? throw new UsageException("请指定用户名：shifan user add NAME --role ROLE --unit UNIT");
        var role = parsed.Option("role") ?? throw new UsageException($"请用 --role 指定角色：{string.Join("、", Core.Users.Roles.All)}");
        var db = sp.GetRequiredService<ShifanDbContext>();
        int? unitId = null;
        int? campaignId = int.TryParse(parsed.Option("campaign"), out var c) ? c : null;
        if (parsed.Option("unit") is { } unitName)
        {
            var matches = await db.Units.Where(u => u.Name == unitName && (campaignId == null || u.CampaignId == campaignId)).Select(u => u.Id).ToListAsync();
            if (matches.Count == 0) throw new UsageException($"单位“{unitName}”不存在");
            if (matches.Count > 1) throw new UsageException($"有多个创建活动中都有单位“{unitName}”，请用 --campaign ID 指明");
            unitId = matches[0];
        }
        var password = (await stdin.ReadLineAsync())?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password)) throw new UsageException("请从标准输入提供密码");
        var grants = role == Core.Users.Roles.Reviewer && campaignId is int g ? new[] { g } : [];
        var (_, _, error) = await sp.GetRequiredService<Features.Users.UserService>().CreateAsync(new Features.Users.NewUser(name, null, role, unitId, grants, password, parsed.Option("email"), IntOption(parsed, "organisation")));
        if (error is not null) throw new UsageException(error.Message);
        await stdout.WriteLineAsync($"已新增用户 {name}（{Core.Users.Roles.DisplayName(role)}）。");
        return 0;
    }

    private static async Task<int> AddEvidence(IServiceProvider sp, ParsedArgs parsed, TextWriter stdout)
    {
        if (parsed.Positional.Count == 0) throw new UsageException("请指定要上传的文件：shifan evidence add FILE… --campaign ID --indicator CODE --material NO --user NAME");
        if (!int.TryParse(parsed.Option("campaign"), out var campaignId)) throw new UsageException("请用 --campaign ID 指定创建活动编号");
        var code = parsed.Option("indicator") ?? throw new UsageException("请用 --indicator CODE 指定指标编号");
        if (!int.TryParse(parsed.Option("material"), out var materialNo)) throw new UsageException("请用 --material NO 指定材料序号");
        var userName = parsed.Option("user") ?? throw new UsageException("请用 --user NAME 指定以哪个用户的身份上传");
        var files = parsed.Positional.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Order() : (IEnumerable<string>)[p]).ToList();
        foreach (var f in files.Where(f => !File.Exists(f))) throw new UsageException($"文件不存在：{f}");
        // Act as that user, so scope, assignment checks and the audit trail are theirs.
        using var acting = ActingUser.Begin(await CommandIdentity.PrincipalAsync(sp, userName));
        var service = sp.GetRequiredService<Features.Evidence.EvidenceService>();
        var added = 0;
        var refused = 0;
        foreach (var path in files)
        {
            await using var stream = File.OpenRead(path);
            try
            {
                var item = await service.AddFileAsync(campaignId, code, materialNo, stream, Path.GetFileName(path), new Features.Evidence.EvidenceFields(null, null, null, null, null, null));
                await stdout.WriteLineAsync($"已上传 {Path.GetFileName(path)}（材料编号 {item.Id}，SHA-256 {item.Versions[0].Sha256[..12]}…）");
                added++;
            }
            catch (Features.Evidence.EvidenceRefusedException ex)
            {
                await stdout.WriteLineAsync($"未上传 {Path.GetFileName(path)}：{ex.Message}");
                refused++;
            }
        }
        await stdout.WriteLineAsync($"共上传 {added} 个文件，{refused} 个未上传。");
        // No web app runs the background extraction here: do it now, so the files are searchable at once.
        await sp.GetRequiredService<Features.Evidence.TextExtraction>().RunPendingAsync();
        return refused == 0 ? 0 : 1;
    }

    private static async Task<int> CheckEvidence(IServiceProvider sp, ParsedArgs parsed, TextWriter stdout)
    {
        if (!int.TryParse(parsed.Option("campaign"), out var campaignId)) throw new UsageException("请用 --campaign ID 指定创建活动编号");
        var checks = await sp.GetRequiredService<Features.Evidence.EvidenceService>().ChecksAsync(campaignId);
        if (parsed.Flags.Contains("json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(checks, FrameworkJson.Options));
            return 0;
        }
        foreach (var c in checks.Where(c => c.Requirements.Count > 0))
        {
            await stdout.WriteLineAsync($"第{c.Code}项  完整度 {c.Completeness:P0}");
            foreach (var r in c.Requirements)
                foreach (var f in r.Findings) await stdout.WriteLineAsync($"  材料{r.No}：{f.Message}");
        }
        return 0;
    }

    /// <summary>The options are checked before the database is opened, so a wrong format never touches data.</summary>
    private static async Task<int> ExportLedger(ParsedArgs parsed, TextWriter stdout)
    {
        if (!int.TryParse(parsed.Option("campaign"), out var campaignId)) throw new UsageException("请用 --campaign ID 指定创建活动编号");
        var key = parsed.Option("period") ?? throw new UsageException("请用 --period YYYY-MM 指定报送期（例如 2026-11）");
        int? unitId = parsed.Option("unit") is not { } u ? null : int.TryParse(u, out var parsedUnit) ? parsedUnit : throw new UsageException("--unit 须为单位编号");
        var format = parsed.Option("format") ?? throw new UsageException("请用 --format docx|xlsx 指定导出格式");
        if (!Features.Ledgers.LedgerService.Formats.Contains(format)) throw new UsageException($"不支持的导出格式“{format}”：--format 只能是 docx 或 xlsx");
        if (unitId is null && format != "xlsx") throw new UsageException("汇总台账只能导出为 xlsx；导出 Word 请用 --unit ID 指定单位");
        var output = parsed.Option("out") ?? throw new UsageException("请用 --out FILE 指定输出文件");
        return await WithServices(parsed, async sp =>
        {
            var ledgers = sp.GetRequiredService<Features.Ledgers.LedgerService>();
            var period = await ledgers.FindPeriodAsync(campaignId, key);
            var (bytes, _) = unitId is int unit
                ? await ledgers.ExportUnitAsync(campaignId, period.Id, unit, format)
                : await ledgers.ExportConsolidatedAsync(campaignId, period.Id);
            await AtomicFile.WriteAsync(output, stream => stream.Write(bytes));
            await stdout.WriteLineAsync($"已导出{period.Name}{(unitId is null ? "汇总" : "单位")}工作台账到 {Path.GetFullPath(output)}");
            return 0;
        });
    }

    /// <summary>The options are checked before the database is opened, so a wrong kind or format never touches data.</summary>
    private static async Task<int> ExportProblems(ParsedArgs parsed, TextWriter stdout)
    {
        if (!int.TryParse(parsed.Option("campaign"), out var campaignId)) throw new UsageException("请用 --campaign ID 指定创建活动编号");
        var kind = parsed.Option("kind") ?? throw new UsageException("请用 --kind list|ledger 指定导出问题清单（list）还是整改台账（ledger）");
        if (!Features.Problems.ProblemService.Kinds.Contains(kind)) throw new UsageException($"不支持的导出类型“{kind}”：--kind 只能是 list（问题清单）或 ledger（整改台账）");
        var format = parsed.Option("format") ?? throw new UsageException("请用 --format xlsx|docx 指定导出格式");
        if (!Features.Problems.ProblemService.Formats.Contains(format)) throw new UsageException($"不支持的导出格式“{format}”：--format 只能是 xlsx 或 docx");
        var output = parsed.Option("out") ?? throw new UsageException("请用 --out FILE 指定输出文件");
        return await WithServices(parsed, async sp =>
        {
            var (bytes, _) = await sp.GetRequiredService<Features.Problems.ProblemService>().ExportAsync(campaignId, kind, format);
            await AtomicFile.WriteAsync(output, stream => stream.Write(bytes));
            await stdout.WriteLineAsync($"已导出{(kind == "ledger" ? "整改台账" : "问题清单")}到 {Path.GetFullPath(output)}");
            return 0;
        });
    }

    private static async Task<int> GenerateBulletin(ParsedArgs parsed, TextWriter stdout)
    {
        if (!int.TryParse(parsed.Option("campaign"), out var campaignId)) throw new UsageException("请用 --campaign ID 指定创建活动编号");
        var key = parsed.Option("period") ?? throw new UsageException("请用 --period YYYY-MM 指定报送期（例如 2026-11）");
        var output = parsed.Option("out") ?? throw new UsageException("请用 --out FILE.docx 指定输出文件");
        return await WithServices(parsed, async sp =>
        {
            var period = await sp.GetRequiredService<Features.Ledgers.LedgerService>().FindPeriodAsync(campaignId, key);
            var bulletins = sp.GetRequiredService<Features.Bulletins.BulletinService>();
            var draft = await bulletins.GenerateAsync(campaignId, period.Id);
            var (bytes, _) = await bulletins.DocxAsync(campaignId, draft.Id);
            await AtomicFile.WriteAsync(output, stream => stream.Write(bytes));
            await stdout.WriteLineAsync($"已生成{period.Name}督导通报草稿（编号 {draft.Id}，可在网站上修改后印发）到 {Path.GetFullPath(output)}");
            return 0;
        });
    }

    private static async Task<int> VerifyAudit(IServiceProvider sp, TextWriter stdout)
    {
        var report = await sp.GetRequiredService<Features.Audit.AuditService>().VerifyAsync();
        if (report.Problem is { } problem)
        {
            var where = report.FirstBroken is { } broken ? $"（第 {broken.Id} 条：{broken.At.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm:ss} {broken.Actor} {broken.Action} {broken.Entity} {broken.EntityId}）" : "";
            await stdout.WriteLineAsync($"操作日志校验未通过：{problem}{where}。此前 {report.Verified} 条完好。");
            return 1;
        }
        await stdout.WriteLineAsync($"操作日志完好：已校验 {report.Verified} 条记录。");
        return 0;
    }

    private static async Task<int> ExportAudit(IServiceProvider sp, ParsedArgs parsed, TextWriter stdout)
    {
        DateTimeOffset? Date(string name)
        {
            if (parsed.Option(name) is not { } text) return null;
            return DateTimeOffset.TryParse(text, out var d) ? d : throw new UsageException($"--{name} 日期格式不正确（例如 2026-11-01）");
        }
        var output = parsed.Option("out") ?? throw new UsageException("请用 --out FILE.xlsx 指定输出文件");
        var filter = new Features.Audit.AuditFilter(Date("from"), Date("to"));
        var count = 0;
        var service = sp.GetRequiredService<Features.Audit.AuditService>();
        await AtomicFile.WriteAsync(output, stream => count = service.ExportAsync(filter, stream).GetAwaiter().GetResult());
        await stdout.WriteLineAsync($"已导出 {count} 条操作日志到 {Path.GetFullPath(output)}");
        return 0;
    }

    private static async Task<int> SetPassword(IServiceProvider sp, ParsedArgs parsed, TextReader stdin, TextWriter stdout)
    {
        var name = parsed.Positional.FirstOrDefault() ?? throw new UsageException("请指定用户名：shifan user set-password NAME");
        var password = (await stdin.ReadLineAsync())?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password)) throw new UsageException("请从标准输入提供新密码");
        var error = await sp.GetRequiredService<AccountService>().SetPasswordAsync(name, password, actor: "system");
        if (error is not null) throw new UsageException(error);
        await stdout.WriteLineAsync($"已为用户 {name} 设置新密码。");
        return 0;
    }
}

/// <summary>Writes to a temporary file beside the target and renames it, so no half-written file is ever visible.</summary>
public static class AtomicFile
{
    public static async Task WriteAsync(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new UsageException($"输出目录不存在：{dir}");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                write(stream);
                await stream.FlushAsync();
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

/// <summary>Verb, noun, positional arguments, --name value options and --flag switches.</summary>
public sealed class ParsedArgs
{
    public string Verb { get; private init; } = "";
    public string Noun { get; private init; } = "";
    public List<string> Positional { get; } = [];
    public Dictionary<string, string> Options { get; } = [];
    public HashSet<string> Flags { get; } = [];

    private static readonly HashSet<string> FlagNames = ["json", "help"];

    public string? Option(string name) => Options.GetValueOrDefault(name);

    public static ParsedArgs Parse(string[] args)
    {
        var p = new ParsedArgs { Verb = args[0], Noun = args.Length > 1 && !args[1].StartsWith("--") ? args[1] : "" };
        for (var i = p.Noun.Length > 0 ? 2 : 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--"))
            {
                var name = a[2..];
                var eq = name.IndexOf('=');
                if (eq > 0) p.Options[name[..eq]] = name[(eq + 1)..];
                else if (FlagNames.Contains(name)) p.Flags.Add(name);
                else if (i + 1 < args.Length) p.Options[name] = args[++i];
                else throw new UsageException($"选项 --{name} 缺少取值");
            }
            else p.Positional.Add(a);
        }
        return p;
    }
}
