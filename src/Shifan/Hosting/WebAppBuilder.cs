using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Shifan.Components;
using Shifan.Features.Account;
using Shifan.Features.Assignments;
using Shifan.Features.Campaigns;
using Shifan.Features.Demo;
using Shifan.Features.Frameworks;
using Shifan.Features.Health;
using Shifan.Features.Units;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Hosting;

public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

public static class WebAppBuilder
{
    public const string SmartScheme = "cookie-or-bearer";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://localhost:5000");
        var options = ShifanOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        AddServices(builder.Services, options);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    public static void AddServices(IServiceCollection services, ShifanOptions options)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentActor, HttpActor>();
        services.AddShifanDatabase(options.ConnectionString);
        services.AddRazorComponents();
        services.AddOpenApi();
        services.AddProblemDetails();
        services.AddAntiforgery();

        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, SmartScheme, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/login";
                o.Cookie.Name = "shifan.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(o => o.BearerTokenExpiration = TimeSpan.FromHours(8));
        services.AddAuthorization(o =>
        {
            foreach (var p in typeof(Core.Users.Permissions).GetFields().Select(f => (string)f.GetValue(null)!))
                o.AddPolicy(p, policy => policy.RequireClaim(AccountService.PermissionClaim, p));
        });
        services.AddCascadingAuthenticationState();

        services.AddScoped<AccountService>();
        services.AddScoped<CampaignAccess>();
        services.AddScoped<CampaignService>();
        services.AddScoped<FrameworkService>();
        services.AddScoped<UnitService>();
        services.AddScoped<AssignmentService>();
        services.AddScoped<DemoSeeder>();
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private static void Configure(WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseMiddleware<OneTimePasswordGate>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthEndpoints();
        app.MapAccountEndpoints();
        app.MapCampaignEndpoints();
        app.MapFrameworkEndpoints();
        app.MapUnitEndpoints();
        app.MapAssignmentEndpoints();
        app.MapRazorComponents<App>();
    }

    /// <summary>Creates the data folder, migrates the database, and seeds the demo campaign on first start.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        var options = app.Services.GetRequiredService<ShifanOptions>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Shifan.Startup");
        try
        {
            options.EnsureDataDirectory();
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShifanDbContext>();
            await Database.MigrateAsync(db);
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            var seeded = await seeder.SeedIfEmptyAsync();
            if (seeded is not null)
            {
                Console.WriteLine();
                Console.WriteLine("已创建演示创建活动“" + seeded.CampaignName + "”。");
                Console.WriteLine($"管理员账号：admin    一次性密码：{seeded.AdminPassword}");
                Console.WriteLine("（此密码只显示这一次；首次登录后须修改密码。）");
                Console.WriteLine();
            }
            log.LogInformation("Data directory {Data}, database provider {Provider}", options.DataDirectory, Database.ProviderOf(options.ConnectionString));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or DbUpdateException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
        {
            log.LogError(ex, "Startup failed");
            throw new StartupException($"无法准备数据目录或数据库：{ex.Message}", ex);
        }
    }
}
