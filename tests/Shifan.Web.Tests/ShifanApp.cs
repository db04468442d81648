using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.Infrastructure.Persistence;
using Shifan.TestSupport;

namespace Shifan.Web.Tests;

/// <summary>The real app over a fresh database of one provider, with its demo campaign seeded on start.</summary>
public sealed class ShifanApp : WebApplicationFactory<Program>
{
    public const string Password = "Test-Passw0rd";
    private readonly TempDirectory? dir;

    public string DataDirectory { get; }
    public string ConnectionString { get; }
    public string Provider { get; }

    private readonly IReadOnlyDictionary<string, string> settings;

    /// <summary>A clock for the app instead of the system's (set before the app starts).</summary>
    public TimeProvider? Clock { get; init; }

    public ShifanApp(string provider, IReadOnlyDictionary<string, string>? settings = null)
    {
        this.settings = settings ?? new Dictionary<string, string>();
        Provider = provider;
        dir = new TempDirectory();
        DataDirectory = dir.Path;
        ConnectionString = Providers.NewConnectionString(provider, dir.Path);
    }

    /// <summary>The app over a data folder and database the caller keeps (so a second instance is a restart of the first).</summary>
    public ShifanApp(string provider, string dataDirectory, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        this.settings = settings ?? new Dictionary<string, string>();
        Provider = provider;
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
    }

    /// <summary>Replaces services for one test (a fake TimeProvider, say).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (TestServices is { } configure) builder.ConfigureTestServices(configure);
        builder.UseSetting("data", DataDirectory);
        builder.UseSetting("database", ConnectionString);
        builder.UseEnvironment("Development");
        // Tests start from the campaign without its sample review history; DemoTests turn it on.
        builder.UseSetting("Shifan:Demo:Activity", "false");
        // Most tests sign in as admin or office with a password alone; the second-factor tests name the roles themselves.
        if (!settings.ContainsKey(SecondFactorDefaults)) builder.UseSetting(SecondFactorDefaults, "none");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (Clock is { } clock) Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, services => services.AddSingleton(clock));
    }

    public const string SecondFactorDefaults = "Shifan:SecondFactor:RequiredByDefault";

    public async Task<T> WithDbAsync<T>(Func<ShifanDbContext, Task<T>> action)
    {
        _ = Services; // starts the host (and its database preparation) if it has not started yet
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ShifanDbContext>());
    }

    public Task<int> DemoCampaignIdAsync() => WithDbAsync(db => db.Campaigns.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

    /// <summary>Creates a user with <see cref="Password"/> in the named unit of the demo campaign (or no unit).</summary>
    public Task<User> CreateUserAsync(string userName, string role, string? unitName = null, int? campaignId = null) => WithDbAsync(async db =>
    {
        int? unitId = null;
        if (unitName is not null)
        {
            var cid = campaignId ?? await db.Campaigns.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            unitId = await db.Units.Where(u => u.CampaignId == cid && u.Name == unitName).Select(u => u.Id).SingleAsync();
        }
        var user = new User { UserName = userName, DisplayName = userName, Role = role, UnitId = unitId, CreatedAt = DateTimeOffset.UtcNow };
        user.PasswordHash = AccountService.Hash(user, Password);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    });

    /// <summary>An API client signed in through POST /api/auth/login with a bearer token.</summary>
    public async Task<HttpClient> ApiClientAsync(string userName, string password = Password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var login = await response.Content.ReadFromJsonAsync<LoginResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login!.Token);
        return client;
    }

    /// <summary>
    /// A browser-like client signed in through the /login form: it keeps the auth cookie and sends no
    /// headers of its own (add <c>X-Shifan-Request</c>, Origin or Sec-Fetch-Site per request).
    /// </summary>
    public async Task<HttpClient> CookieClientAsync(string userName, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signedIn = await PostFormAsync(client, "/login", "login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });
        if (signedIn.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in of {userName} answered {(int)signedIn.StatusCode}");
        return client;
    }

    /// <summary>Posts a page's Blazor form as the browser would: with the page's antiforgery token and form name.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var html = await client.GetStringAsync(tokenFrom ?? path);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token) };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public async Task<HttpClient> OfficeClientAsync()
    {
        await CreateUserAsync("office1", Roles.Office, "示范创建工作领导小组办公室");
        return await ApiClientAsync("office1");
    }

    /// <summary>A package download waits for its build, merged PDFs converted by LibreOffice included: minutes on a busy machine, not HttpClient's 100 s.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.Timeout = TimeSpan.FromMinutes(10);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        dir?.Dispose();
    }
}
