using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>
/// The authorization matrix for what the browser uses: every page and every form endpoint outside /api, taken from the
/// routing table (so a new page or form is covered without being listed), opened or posted by every role. Without the
/// permission the answer is 403; with it, never 401, 403 or 500.
/// </summary>
public class PageAndFormMatrixTests
{
    /// <summary>Pages and forms for anyone (signing in, errors) or for every signed-in user (own password, own notifications).</summary>
    private static readonly string[] Open =
        ["login", "logout", "error", "forbidden", "not-found", "status/{Code:int}", "account/password", "account/second-factor", "account/role", "notifications"];

    [Fact]
    public async Task EveryPageAndFormRefusesTheRolesWithoutItsPermission()
    {
        await using var app = new ShifanApp("sqlite");
        var campaign = await app.DemoCampaignIdAsync();
        var callers = new List<(string Name, string Role, HttpClient Client)>();
        foreach (var (name, role, unit) in new (string, string, string?)[]
                 {
                     ("root", Roles.Admin, null), ("office1", Roles.Office, "示范创建工作领导小组办公室"), ("head1", Roles.UnitHead, "行政审批科"),
                     ("liaison1", Roles.Liaison, "行政审批科"), ("leader1", Roles.Leader, "示范创建工作领导小组办公室"), ("rev1", Roles.Reviewer, null),
                     ("eval1", Roles.Evaluator, null), ("sec1", Roles.SecurityAdmin, null), ("audit1", Roles.AuditAdmin, null),
                 })
        {
            await app.CreateUserAsync(name, role, unit);
            callers.Add((name, role, await app.CookieClientAsync(name)));
        }

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Raw: e.RoutePattern.RawText!.TrimStart('/'),
                Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"],
                Page: e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null))
            .Where(x => !x.Raw.StartsWith("api/") && !x.Raw.StartsWith("_") && !x.Raw.Contains('.') && !x.Raw.StartsWith("health")
                        && (x.Page || x.Methods.Contains("POST")))
            .ToList();
        var pages = endpoints.Count(e => e.Page);
        var forms = endpoints.Count(e => !e.Page);
        Assert.True(pages >= 25, $"only {pages} pages found");
        Assert.True(forms >= 8, $"only {forms} form endpoints found");

        var failures = new List<string>();
        var calls = 0;
        foreach (var (endpoint, raw, methods, page) in endpoints)
        {
            if (Open.Contains(raw)) continue;
            var permission = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(d => d.Policy).LastOrDefault(p => p is not null && p.Contains(':'));
            if (permission is null)
            {
                failures.Add($"/{raw} names no permission");
                continue;
            }
            var path = "/" + Regex.Replace(raw, @"\{(\w+)(:\w+)?\}", m => m.Groups[1].Value.ToLowerInvariant() switch
            {
                "campaignid" => campaign.ToString(),
                "role" => Roles.Leader,
                "token" => "0000",
                "materialno" => "1",
                _ => "1",
            });
            foreach (var (name, role, client) in callers)
            {
                var allowed = Roles.DefaultPermissions(role).Contains(permission);
                var response = page
                    ? await client.GetAsync(path)
                    : await ShifanApp.PostFormAsync(client, path, "", new() { ["confirm"] = "no" }, tokenFrom: "/account/password");
                calls++;
                var status = (int)response.StatusCode;
                var ok = allowed ? status is not (401 or 403 or 500) : status == 403;
                if (!ok) failures.Add($"{name} ({role}) {(page ? "GET" : "POST")} {path} [{permission}] → {status}, expected {(allowed ? "allowed" : "403")}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls broke the rules:\n" + string.Join("\n", failures));
        Assert.True(calls > 150, $"only {calls} calls made");
    }
}
