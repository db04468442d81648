using Microsoft.Playwright;

namespace Shifan.E2E;

public class RoleSettingsTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheSecurityAdminTakesTheUploadRightFromLiaisonsAndGivesItBack()
    {
        await fx.App.CreateUserAsync("root", Core.Users.Roles.SecurityAdmin);
        await fx.App.CreateUserAsync("auditor-r", Core.Users.Roles.AuditAdmin);
        var liaison = await fx.SignedInPageAsync("liaison1");
        var id = await fx.App.DemoCampaignIdAsync();
        await liaison.GotoAsync($"/campaigns/{id}/indicators");
        await liaison.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        await Assertions.Expect(liaison.Locator("summary:has-text('上传文件')").First).ToBeVisibleAsync();
        var indicatorUrl = liaison.Url;

        var admin = await fx.SignedInPageAsync("root");
        await admin.ClickAsync("nav.menu a:has-text('角色与权限')");
        var row = admin.Locator("#roles tr[data-role=liaison]");
        await Assertions.Expect(row.Locator("td.scope")).ToHaveTextAsync("本单位");
        await row.Locator("summary:has-text('修改权限')").ClickAsync();
        await row.Locator("input[value='evidence:item:upload']").UncheckAsync();
        await row.Locator("input[value='evidence:item:delete']").UncheckAsync();
        await row.Locator("select[name=dataScope]").SelectOptionAsync("OwnRecords");
        await row.Locator("button:has-text('保存')").ClickAsync();
        await Assertions.Expect(admin.Locator(".alert-ok")).ToHaveTextAsync("已保存“联络人”的权限");
        await Assertions.Expect(row.Locator(".tag.warn")).ToHaveTextAsync("已调整");
        await Assertions.Expect(row.Locator("td.scope")).ToHaveTextAsync("仅本人提交的");
        await Assertions.Expect(row.Locator("td.permissions [data-permission='evidence:item:upload']")).ToHaveCountAsync(0);

        // The liaison is still signed in; the next page already follows the new rights.
        await liaison.GotoAsync(indicatorUrl);
        await Assertions.Expect(liaison.Locator("h1")).ToBeVisibleAsync();
        await Assertions.Expect(liaison.Locator("summary:has-text('上传文件')")).ToHaveCountAsync(0);

        // Role management cannot be taken away from the security admin role.
        var adminRow = admin.Locator("#roles tr[data-role=security-admin]");
        await adminRow.Locator("summary:has-text('修改权限')").ClickAsync();
        await adminRow.Locator("input[value='system:role:manage']").UncheckAsync();
        await adminRow.Locator("button:has-text('保存')").ClickAsync();
        await Assertions.Expect(admin.Locator(".alert-error")).ToContainTextAsync("安全管理员必须保留");
        // Nor may the audit admin's role also manage users (三员分立).
        var auditRow = admin.Locator("#roles tr[data-role=audit-admin]");
        await auditRow.Locator("summary:has-text('修改权限')").ClickAsync();
        await auditRow.Locator("input[value='system:user:manage']").CheckAsync();
        await auditRow.Locator("button:has-text('保存')").ClickAsync();
        await Assertions.Expect(admin.Locator(".alert-error")).ToContainTextAsync("三员分立");
        await Assertions.Expect(admin.Locator("#roles tr[data-role=audit-admin] td.permissions [data-permission='system:user:manage']")).ToHaveCountAsync(0);

        await admin.Locator("#roles tr[data-role=liaison] button:has-text('恢复默认')").ClickAsync();
        await Assertions.Expect(admin.Locator(".alert-ok")).ToContainTextAsync("已恢复默认权限");
        await liaison.GotoAsync(indicatorUrl);
        await Assertions.Expect(liaison.Locator("summary:has-text('上传文件')").First).ToBeVisibleAsync();

        // Its two records (saved, then reset) read as the liaison role's; other tests of this class add roles of their own.
        var auditor = await fx.SignedInPageAsync("auditor-r");
        await auditor.GotoAsync("/system/audit?entity=RoleDefinition");
        await Assertions.Expect(auditor.Locator("#audit tbody tr td.object:text-is('角色“liaison”')")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task ACustomRoleMadeInTheBrowserWorksAtOnce()
    {
        await fx.App.CreateUserAsync("root2", Core.Users.Roles.SecurityAdmin);
        await fx.App.CreateUserAsync("ducha1", Core.Users.Roles.Liaison, "行政审批科");
        var id = await fx.App.DemoCampaignIdAsync();
        var admin = await fx.SignedInPageAsync("root2");
        await admin.GotoAsync("/system/roles");
        await admin.ClickAsync("summary:has-text('新增角色')");
        await admin.FillAsync("#new-role input[name=name]", "督查组");
        await admin.FillAsync("#new-role input[name=role]", "inspector");
        await admin.SelectOptionAsync("#new-role select[name=template]", "leader");
        await admin.ClickAsync("#new-role button:has-text('新增')");
        await Assertions.Expect(admin.Locator(".alert-ok")).ToContainTextAsync("已新增角色“督查组”");
        var row = admin.Locator("#roles tr[data-role=inspector]");
        await Assertions.Expect(row.Locator("td.permissions [data-permission='ledger:overview:view']")).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("td.permissions [data-permission='evidence:item:upload']")).ToHaveCountAsync(0);

        // A duplicate code is refused with a message, and nothing is added.
        await admin.ClickAsync("summary:has-text('新增角色')");
        await admin.FillAsync("#new-role input[name=name]", "第三方评估组");
        await admin.FillAsync("#new-role input[name=role]", "inspector");
        await admin.ClickAsync("#new-role button:has-text('新增')");
        await Assertions.Expect(admin.Locator(".alert-error")).ToContainTextAsync("已存在");

        // Given to a user on the users page, the role applies from their next sign-in.
        await admin.GotoAsync("/system/users?q=ducha1");
        var user = admin.Locator("#users tr[data-user=ducha1]");
        await user.Locator("summary:has-text('调整单位/角色')").ClickAsync();
        await user.Locator("select[name='Move.Role']").SelectOptionAsync("inspector");
        await user.Locator("button:has-text('该用户须重新登录')").ClickAsync();
        await Assertions.Expect(admin.Locator("#users tr[data-user=ducha1] td").Nth(3)).ToHaveTextAsync("督查组");

        var inspector = await fx.SignedInPageAsync("ducha1");
        await Assertions.Expect(inspector.Locator("header .role")).ToHaveTextAsync("督查组");
        await inspector.GotoAsync($"/campaigns/{id}/indicators");
        await inspector.Locator(".tree-leaf[data-kind=indicator] a.leaf-title").First.ClickAsync();
        await Assertions.Expect(inspector.Locator("h1")).ToBeVisibleAsync();
        await Assertions.Expect(inspector.Locator("summary:has-text('上传文件')")).ToHaveCountAsync(0);
        var ledgers = await inspector.GotoAsync($"/campaigns/{id}/ledgers");
        Assert.Equal(200, ledgers!.Status);

        // Held by a user, the role cannot be deleted.
        await admin.GotoAsync("/system/roles");
        await Assertions.Expect(admin.Locator("#roles tr[data-role=inspector] button:has-text('删除')")).ToHaveCountAsync(0);
    }
}
