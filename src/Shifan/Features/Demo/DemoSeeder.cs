using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Assignments;
using Shifan.Core.Campaigns;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;
using Shifan.Core.Users;
using Shifan.Documents.Frameworks;
using Shifan.Features.Account;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Demo;

/// <param name="Administrators">The three administrators (三员分立), each with its one-time password.</param>
public sealed record SeedResult(int CampaignId, string CampaignName, IReadOnlyList<OneTimeAccount> Administrators)
{
    public string AdminPassword => Administrators.Single(a => a.Role == Roles.Admin).Password;
}

/// <summary>The demo units file: the campaign office and its sections, with liaisons.</summary>
public sealed record DemoUnits(string Campaign, string Region, string Office, List<DemoUnit> Units);

public sealed record DemoUnit(string Name, string Kind, string? Liaison, string? Phone, string? Email, List<string>? Aliases = null);

/// <summary>
/// On the first start with an empty database, builds a demo campaign from the sample framework
/// shipped in SampleData (made by `shifan framework inspect`), a unit tree with liaisons, the
/// assignments the table names, and the three administrators (admin, secadmin, auditadmin), each with a one-time password.
/// </summary>
public sealed class DemoSeeder(ShifanDbContext db, IConfiguration? configuration = null, TimeProvider? clock = null, Hosting.ShifanOptions? options = null)
{
    public static string SampleDirectory => Path.Combine(AppContext.BaseDirectory, "SampleData");

    public async Task<SeedResult?> SeedIfEmptyAsync()
    {
        if (await db.Users.AnyAsync() || await db.Campaigns.AnyAsync()) return null;
        return await SeedAsync();
    }

    /// <summary>
    /// The standing organisation tree above the demo campaign: 河南省 → 济源产城融合示范区 → the bureau that runs the
    /// campaign → its sections, each campaign unit linked to its organisation.
    /// </summary>
    private async Task SeedOrganisationsAsync(Campaign campaign, List<Unit> units)
    {
        var province = new Core.Organisations.Organisation { Name = "河南省", Kind = Core.Organisations.OrganisationKind.Province };
        db.Organisations.Add(province);
        await db.SaveChangesAsync();
        var city = new Core.Organisations.Organisation { Name = "济源产城融合示范区", Kind = Core.Organisations.OrganisationKind.City, ParentId = province.Id };
        db.Organisations.Add(city);
        await db.SaveChangesAsync();
        var bureau = new Core.Organisations.Organisation { Name = campaign.Region, Kind = Core.Organisations.OrganisationKind.Department, ParentId = city.Id };
        db.Organisations.Add(bureau);
        await db.SaveChangesAsync();
        campaign.OrganisationId = bureau.Id;
        var order = 0;
        foreach (var unit in units)
        {
            var section = new Core.Organisations.Organisation { Name = unit.Name, Kind = Core.Organisations.OrganisationKind.Section, ParentId = bureau.Id, SortOrder = ++order };
            db.Organisations.Add(section);
            await db.SaveChangesAsync();
            unit.OrganisationId = section.Id;
        }
        await db.SaveChangesAsync();
    }

    public async Task<SeedResult> SeedAsync()
    {
        FrameworkFile file;
        await using (var stream = File.OpenRead(Path.Combine(SampleDirectory, "demo-framework.json"))) file = FrameworkJson.Read(stream);
        var units = JsonSerializer.Deserialize<DemoUnits>(await File.ReadAllTextAsync(Path.Combine(SampleDirectory, "demo-units.json")), FrameworkJson.Options)
            ?? throw new InvalidOperationException("demo-units.json is empty");

        await using var tx = await db.Database.BeginTransactionAsync();
        var (framework, named) = FrameworkMapping.ToDomain(file, "市县法治政府建设示范指标体系");
        framework.CreatedAt = DateTimeOffset.UtcNow;
        db.Frameworks.Add(framework);
        await db.SaveChangesAsync();

        var today = Core.ChinaTime.Today(clock ?? TimeProvider.System);
        // The campaign began on the first of the month three months ago, so two months of ledgers are already due.
        var begun = today.AddMonths(-3);
        var campaign = new Campaign
        {
            Name = units.Campaign, Region = units.Region, Level = CampaignLevel.Department, Status = CampaignStatus.Active,
            StartsOn = new DateOnly(begun.Year, begun.Month, 1), EndsOn = today.AddDays(300), FrameworkId = framework.Id, CreatedAt = DateTimeOffset.UtcNow,
        };
        campaign.AddDefaultStages();
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();

        var office = new Unit { CampaignId = campaign.Id, Name = units.Office, Kind = UnitKind.Office, SortOrder = 1 };
        db.Units.Add(office);
        await db.SaveChangesAsync();
        var byName = new Dictionary<string, Unit> { [office.Name] = office };
        foreach (var u in units.Units)
        {
            var unit = new Unit
            {
                CampaignId = campaign.Id, Name = u.Name, ParentId = office.Id, SortOrder = byName.Count + 1,
                Kind = Enum.TryParse<UnitKind>(u.Kind, true, out var k) ? k : UnitKind.Section,
            };
            if (u.Liaison is not null) unit.Contacts.Add(new LiaisonContact { Name = u.Liaison, Phone = u.Phone, Email = u.Email, IsPrimary = true });
            byName[u.Name] = unit;
            foreach (var alias in u.Aliases ?? []) byName[alias] = unit;
            db.Units.Add(unit);
        }
        await db.SaveChangesAsync();

        var sections = byName.Values.Distinct().Where(u => u != office).ToList();
        foreach (var (node, unit, role) in FrameworkImport.AssignmentPlan.Build(framework, named, n => byName.GetValueOrDefault(n), sections, office))
            db.Assignments.Add(new Assignment { CampaignId = campaign.Id, NodeId = node.Id, UnitId = unit.Id, Role = role });
        await db.SaveChangesAsync();

        await SeedOrganisationsAsync(campaign, byName.Values.Distinct().ToList());
        await DemoLedgers.SeedAsync(db, campaign, today);

        var administrators = BuiltInAdministrators.Accounts.Select(a => BuiltInAdministrators.Add(db, a.UserName, a.Role, a.DisplayName, DateTimeOffset.UtcNow)).ToList();
        await db.SaveChangesAsync();
        if (configuration?.GetValue("Shifan:Demo:Activity", true) ?? true)
        {
            await DemoActivity.AddAsync(db, campaign.Id, DateTimeOffset.UtcNow, options is null ? null : new Infrastructure.Files.BlobStore(options.FilesDirectory));
            await DemoProblems.AddAsync(db, campaign.Id, DateTimeOffset.UtcNow);
            await DemoAssessment.AddAsync(db, campaign.Id, DateTimeOffset.UtcNow);
        }
        await tx.CommitAsync();
        return new SeedResult(campaign.Id, campaign.Name, administrators);
    }
}
