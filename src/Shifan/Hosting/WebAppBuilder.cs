using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Shifan.Components;
using Shifan.Features.Account;
using Shifan.Features.Assignments;
using Shifan.Features.Campaigns;
using Shifan.Features.Demo;
using Shifan.Features.FrameworkImport;
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
        // The app finds its own settings (appsettings.json) and files wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Serve wwwroot from the build output in every environment (a published app has it copied).
        builder.WebHost.UseStaticWebAssets();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://localhost:5000");
        var options = ShifanOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        AddServices(builder.Services, options, SecurityOptions.From(builder.Configuration));
        Features.Notifications.NotificationSetup.AddNotificationScheduler(builder.Services, builder.Configuration);
        builder.Services.AddTrustedProxies(builder.Configuration[TrustedProxies.Setting]);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    public static void AddServices(IServiceCollection services, ShifanOptions options, SecurityOptions? security = null)
    {
        security ??= new SecurityOptions(TimeSpan.FromMinutes(30));
        services.AddHttpContextAccessor();
        // Keys in the data folder, so sign-in cookies and API tokens survive a restart.
        services.AddDataProtection().SetApplicationName("shifan")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys")));
        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
        services.AddScoped<ICurrentActor>(sp => sp.GetRequiredService<CurrentUser>());
        services.AddSingleton(sp => new Infrastructure.Auditing.AuditChain(options.AuditKeyFile, options.AuditCheckpointFile, options.AuditKey,
            sp.GetService<ILogger<Infrastructure.Auditing.AuditChain>>()));
        services.AddShifanDatabase(options.ConnectionString);
        services.AddRazorComponents();
        // Pages are written in Chinese: the default HTML encoder writes every CJK character as a character reference
        // (&#x6CD5; — 8 bytes where UTF-8 needs 3), which made the review queue page 154 KB instead of 91 KB and its
        // rendering mostly encoding. Markup-significant characters (< > & " ') are still encoded. ADR-033.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddOpenApi();
        services.AddProblemDetails();
        // Binding failures throw, so ApiBadRequests can answer them with the field named (in every environment).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
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
                o.AccessDeniedPath = "/forbidden";
                o.Cookie.Name = "shifan.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the site is served over HTTPS (as it must be outside a test bench).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // The idle timeout is enforced per session by SessionGate (so it can say why);
                // the cookie itself lasts a working day at most.
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
                // A denial is a 403 for pages too (the status code page says 无权限), never the login form.
                o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            })
            .AddBearerToken(o => o.BearerTokenExpiration = TimeSpan.FromHours(8));
        services.AddAuthorization(o =>
        {
            foreach (var p in typeof(Core.Users.Permissions).GetFields().Select(f => (string)f.GetValue(null)!))
                o.AddPolicy(p, policy => policy.RequireClaim(AccountService.PermissionClaim, p));
            o.AddPolicy(Features.Notifications.NotificationEndpoints.OwnPolicy, policy => policy.RequireAuthenticatedUser());
        });
        services.AddCascadingAuthenticationState();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(security);
        services.AddSingleton(security.Password ?? new PasswordPolicy());
        services.AddSecurityLimits(security.LoginAttemptsPerMinute);
        services.AddScoped<SessionRegistry>();
        services.AddScoped<AccountService>();
        services.AddScoped<SecondFactorService>();
        services.AddScoped<Features.Users.UserService>();
        services.AddScoped<Features.Users.RoleGrantService>();
        services.AddSingleton<Features.RoleSettings.RoleCatalog>();
        services.AddScoped<Microsoft.AspNetCore.Authentication.IClaimsTransformation, Features.RoleSettings.RoleClaims>();
        services.AddScoped<Features.RoleSettings.RoleService>();
        services.AddScoped<Features.Organisations.OrganisationService>();
        services.AddScoped<Features.Audit.AuditReading>();
        services.AddScoped<Features.Audit.AuditService>();
        services.AddScoped<CampaignAccess>();
        services.AddScoped<CampaignService>();
        services.AddScoped<CampaignLifecycle>();
        services.AddScoped<CampaignFromPast>();
        services.AddScoped<FrameworkService>();
        services.AddScoped<UnitService>();
        services.AddScoped<AssignmentService>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<ImportSessions>();
        services.AddScoped<FrameworkImportService>();
        services.AddScoped<Features.Evidence.EvidenceService>();
        services.AddScoped<Features.Reviews.ReviewService>();
        // The dashboards' kept answers are refreshed in scopes of their own (ADR-032); ages on the real clock, whatever TimeProvider the app runs on.
        services.AddSingleton(sp => new StampedCache(sp.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, sp.GetService<ILogger<StampedCache>>()));
        services.AddScoped<Features.Reviews.ReviewReopener>();
        services.AddScoped<Features.Reviews.ReviewNotices>();
        services.AddScoped<Features.MyWork.MyWorkService>();
        services.AddScoped<Features.Evidence.ChunkedUploads>();
        services.AddScoped<Features.Ledgers.LedgerService>();
        services.AddScoped<Features.Packages.PackageService>();
        services.AddSingleton<Features.Packages.PackagePdfs>();
        services.AddScoped<Features.Packages.PackageGrantService>();
        services.AddScoped<Features.Dashboard.DashboardService>();
        services.AddScoped<Features.Dashboard.CampaignOverviewService>();
        services.AddScoped<Features.Bulletins.BulletinService>();
        services.AddScoped<Features.SelfAssessment.AssessmentService>();
        services.AddScoped<Features.SelfCheckReports.SelfCheckReportService>();
        services.AddScoped<Features.Problems.ProblemService>();
        services.AddScoped<Features.SelfAssessment.IRatingFellShortHandler, Features.Problems.RatingProblems>();
        services.AddSingleton(sp => Features.UntrustedFiles.WorkerLimits.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<Features.UntrustedFiles.UntrustedFileWorker>();
        services.AddSingleton<Features.Evidence.TextExtraction>();
        Features.Notifications.NotificationSetup.AddNotifications(services);
        services.AddHostedService<DatabasePreparation>();
        services.AddHostedService<Features.Evidence.TextExtractionWorker>();
        services.AddHostedService<Features.Evidence.UploadCleanup>();
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
        // Forwarded headers only from configured proxies (none configured: the middleware trusts nobody).
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseMiddleware<ApiBadRequests>();
        // Pages show the 404 and 无权限 pages; the API keeps its own status codes and JSON bodies.
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api") && HttpMethods.IsGet(ctx.Request.Method),
            branch => branch.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true));
        app.UseMiddleware<Outcomes>();
        // Routing after the status code pages, so a re-executed request (/status/403) finds its page.
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<RequestIntentGate>();
        app.UseMiddleware<SessionGate>();
        app.UseMiddleware<OneTimePasswordGate>();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseLargeRequestBodies();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthEndpoints();
        app.MapAccountEndpoints();
        app.MapSecondFactorEndpoints();
        app.MapCampaignEndpoints();
        app.MapFrameworkEndpoints();
        app.MapUnitEndpoints();
        app.MapAssignmentEndpoints();
        app.MapFrameworkImportEndpoints();
        Features.Users.UserEndpoints.MapUserEndpoints(app);
        Features.Users.RoleGrantEndpoints.MapRoleGrantEndpoints(app);
        Features.RoleSettings.RoleEndpoints.MapRoleEndpoints(app);
        Features.Organisations.OrganisationEndpoints.MapOrganisationEndpoints(app);
        Features.Audit.AuditEndpoints.MapAuditEndpoints(app);
        Features.Evidence.EvidenceEndpoints.MapEvidenceEndpoints(app);
        Features.Evidence.EvidenceFormEndpoints.MapEvidenceFormEndpoints(app);
        Features.Evidence.ChunkedUploadEndpoints.MapChunkedUploadEndpoints(app);
        Features.Reviews.ReviewEndpoints.MapReviewEndpoints(app);
        Features.MyWork.MyWorkEndpoints.MapMyWorkEndpoints(app);
        Features.Notifications.NotificationEndpoints.MapNotificationEndpoints(app);
        Features.Dashboard.DashboardEndpoints.MapDashboardEndpoints(app);
        Features.Bulletins.BulletinEndpoints.MapBulletinEndpoints(app);
        Features.SelfAssessment.AssessmentEndpoints.MapAssessmentEndpoints(app);
        Features.Ledgers.LedgerEndpoints.MapLedgerEndpoints(app);
        Features.Problems.ProblemEndpoints.MapProblemEndpoints(app);
        Features.Packages.PackageEndpoints.MapPackageEndpoints(app);
        Features.Packages.PackageGrantEndpoints.MapPackageGrantEndpoints(app);
        Features.SelfCheckReports.SelfCheckReportEndpoints.MapSelfCheckReportEndpoints(app);
        app.MapRazorComponents<App>();
    }
}
