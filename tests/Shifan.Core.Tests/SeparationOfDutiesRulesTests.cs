using Shifan.Core.Users;

namespace Shifan.Core.Tests;

/// <summary>三员分立 as rules on permissions (ADR-028): three groups, read-only rights in none, no role holding two.</summary>
public class SeparationOfDutiesRulesTests
{
    [Fact]
    public void EveryBuiltInRolesDefaultsKeepTheSeparation()
    {
        foreach (var role in Roles.All)
            Assert.True(Roles.Validate(role, Roles.DefaultPermissions(role), Roles.DefaultScope(role)) is null, role);
        Assert.Equal([AdminGroup.System], Roles.DefaultPermissions(Roles.Admin).Select(Roles.GroupOf).OfType<AdminGroup>().Distinct());
        Assert.Equal([Permissions.UserManage, Permissions.RoleManage, Permissions.SessionManage], Roles.DefaultPermissions(Roles.SecurityAdmin));
        Assert.Equal([Permissions.AuditRead], Roles.DefaultPermissions(Roles.AuditAdmin));
        // The log is the audit admin's alone among the built-in roles; accounts the security admin's.
        Assert.Equal([Roles.AuditAdmin], Roles.All.Where(r => Roles.DefaultPermissions(r).Contains(Permissions.AuditRead)));
        Assert.Equal([Roles.SecurityAdmin], Roles.All.Where(r => Roles.DefaultPermissions(r).Contains(Permissions.UserManage)));
        Assert.Contains(Permissions.CampaignCreate, Roles.DefaultPermissions(Roles.Admin));
        Assert.Contains(Permissions.OrganisationManage, Roles.DefaultPermissions(Roles.Admin));
    }

    [Theory]
    [InlineData(Permissions.UserManage, Permissions.AuditRead)]
    [InlineData(Permissions.SessionManage, Permissions.CampaignCreate)]
    [InlineData(Permissions.AuditRead, Permissions.OrganisationManage)]
    [InlineData(Permissions.AuditRead, Permissions.EvidenceUpload)]
    [InlineData(Permissions.RoleManage, Permissions.FrameworkEdit)]
    public void TwoGroupsInOneRoleAreRefused(string one, string other)
    {
        var problem = Roles.SeparationProblem([one, other]);
        Assert.NotNull(problem);
        Assert.Contains("三员分立", problem);
        Assert.Equal("permissions", Roles.Validate("custom-x", [one, other], DataScope.All, custom: true)?.Field);
    }

    [Fact]
    public void ReadOnlyRightsJoinAnyGroup()
    {
        Assert.Null(Roles.SeparationProblem([Permissions.AuditRead, Permissions.CampaignRead, Permissions.LedgerOverview, Permissions.PackageRead]));
        Assert.Null(Roles.SeparationProblem([Permissions.UserManage, Permissions.UnitRead]));
        Assert.Null(Roles.SeparationProblem(Roles.DefaultPermissions(Roles.Leader).Append(Permissions.AuditRead)));
        // Every permission of the catalogue is either read-only or in exactly one group.
        Assert.All(Permissions.All, p => Assert.True(Roles.ReadOnly.Contains(p) ^ Roles.GroupOf(p) is not null, p));
    }

    [Fact]
    public void TheThreeAdministratorsKeepWhatTheSystemCannotDoWithout()
    {
        Assert.Contains("管理角色权限", Roles.Validate(Roles.SecurityAdmin, [Permissions.UserManage], DataScope.All)?.Message);
        Assert.Contains("审计管理员必须保留", Roles.Validate(Roles.AuditAdmin, [], DataScope.All)?.Message);
        Assert.Equal("dataScope", Roles.Validate(Roles.AuditAdmin, [Permissions.AuditRead], DataScope.OwnUnit)?.Field);
        // The system admin may now give up what it no longer needs for the others' work.
        Assert.Null(Roles.Validate(Roles.Admin, [Permissions.CampaignRead], DataScope.All));
        Assert.All(new[] { Roles.Admin, Roles.SecurityAdmin, Roles.AuditAdmin, Roles.Office }, r => Assert.True(Roles.DefaultRequiresSecondFactor(r), r));
        Assert.False(Roles.DefaultRequiresSecondFactor(Roles.Liaison));
    }
}
