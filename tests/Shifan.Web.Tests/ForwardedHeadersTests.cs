using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shifan.Core.Users;

namespace Shifan.Web.Tests;

/// <summary>X-Forwarded-* count only when they come from a proxy named in Shifan:KnownProxies.</summary>
public class ForwardedHeadersTests
{
    /// <summary>Makes every request arrive from <paramref name="peer"/>, as from a proxy on that address.</summary>
    private sealed class FromPeer(IPAddress peer) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext ctx, RequestDelegate n) => { ctx.Connection.RemoteIpAddress = peer; return n(ctx); });
            next(app);
        };
    }

    private static async Task<(string Ip, string Cookie)> SignInAsync(ShifanApp app, string peer)
    {
        var factory = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new FromPeer(IPAddress.Parse(peer)))));
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.1, 203.0.113.7");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var response = await ShifanApp.PostFormAsync(client, "/login", "login", new() { ["Input.UserName"] = "liaison1", ["Input.Password"] = ShifanApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("shifan.auth"));
        var ip = await app.WithDbAsync(db => db.LoginRecords.OrderByDescending(r => r.Id).Select(r => r.Ip).FirstAsync());
        return (ip, cookie);
    }

    [Fact]
    public async Task AConfiguredProxyGivesTheClientAddressAndHttps()
    {
        await using var app = new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:KnownProxies"] = "10.0.0.5, 192.168.10.0/24" });
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var (ip, cookie) = await SignInAsync(app, "10.0.0.5");
        Assert.Equal("203.0.113.7", ip);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        (ip, _) = await SignInAsync(app, "192.168.10.20");
        Assert.Equal("203.0.113.7", ip);
        // Any other sender's forwarded headers are ignored.
        (ip, cookie) = await SignInAsync(app, "10.0.0.9");
        Assert.Equal("10.0.0.9", ip);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithoutConfiguredProxiesNoForwardedHeaderIsBelieved()
    {
        await using var app = new ShifanApp("sqlite");
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        var (ip, cookie) = await SignInAsync(app, "127.0.0.1");
        Assert.Equal("127.0.0.1", ip);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
