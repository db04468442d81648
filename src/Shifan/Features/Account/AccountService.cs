using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Account;

public enum SignInResult { Success, WrongCredentials, Disabled, LockedOut }

/// <summary>Accounts: password checks and hashing (ASP.NET Core Identity's hasher), claims for a session.</summary>
public sealed class AccountService(ShifanDbContext db, IHttpContextAccessor http, TimeProvider clock, Hosting.ShifanOptions options)
{
    public const string PermissionClaim = "perm";
    public const string UnitClaim = "unit";
    public const string CampaignClaim = "campaign";
    public const string MustChangeClaim = "must_change";
    public const string SessionClaim = "sid";

    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>Returns a Chinese message for a password that breaks the rules, or null.</summary>
    public static string? CheckPasswordRules(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < 8) return "密码长度不能少于8位";
        if (password.Length > 128) return "密码长度不能超过128位";
        var classes = 0;
        if (password.Any(char.IsLower)) classes++;
        if (password.Any(char.IsUpper)) classes++;
        if (password.Any(char.IsDigit)) classes++;
        if (password.Any(c => !char.IsLetterOrDigit(c))) classes++;
        return classes < 3 ? "密码须包含大写字母、小写字母、数字、符号中的至少三类" : null;
    }

    /// <summary>A one-time password that satisfies the rules.</summary>
    public static string GenerateOneTimePassword()
    {
        const string lower = "abcdefghjkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789";
        var chars = new char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            var set = (i % 3) switch { 0 => upper, 1 => lower, _ => digits };
            chars[i] = set[RandomNumberGenerator.GetInt32(set.Length)];
        }
        return new string(chars);
    }

    public static string Hash(User user, string password) => Hasher.HashPassword(user, password);

    /// <summary>Checks a password without side effects on lockout or the login log (for re-authentication).</summary>
    private async Task<User?> VerifyAsync(string userName, string password)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName.Trim());
        if (user is null || string.IsNullOrEmpty(user.PasswordHash)) return null;
        return Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    /// <summary>A sign-in attempt: lockout after five wrong passwords in a row, every attempt in the login log.</summary>
    public async Task<(SignInResult Result, User? User)> CheckAsync(string userName, string password)
    {
        var now = clock.GetUtcNow();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName.Trim());
        SignInResult result;
        if (user is null || string.IsNullOrEmpty(user.PasswordHash)) result = SignInResult.WrongCredentials;
        else if (user.IsLockedOut(now)) result = SignInResult.LockedOut;
        else
        {
            var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
            if (verdict == PasswordVerificationResult.Failed)
            {
                user.RegisterFailure(now);
                result = user.IsLockedOut(now) ? SignInResult.LockedOut : SignInResult.WrongCredentials;
            }
            else if (user.Disabled) result = SignInResult.Disabled;
            else
            {
                if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = Hash(user, password);
                user.RegisterSuccess();
                result = SignInResult.Success;
            }
        }
        var (ip, agent) = Client();
        db.LoginRecords.Add(new LoginRecord
        {
            At = now, UserName = userName.Trim().Length > 64 ? userName.Trim()[..64] : userName.Trim(),
            Ip = ip, UserAgent = agent, Success = result == SignInResult.Success, Result = result.ToString(),
        });
        await db.SaveChangesAsync();
        return (result, result == SignInResult.Success ? user : null);
    }

    /// <summary>Where the request comes from, bounded to the column sizes.</summary>
    private (string Ip, string UserAgent) Client()
    {
        var context = http.HttpContext;
        var agent = context?.Request.Headers.UserAgent.ToString() ?? "";
        return (context?.Connection.RemoteIpAddress?.ToString() ?? "local", agent.Length > 300 ? agent[..300] : agent);
    }

    public static string Message(SignInResult result) => result switch
    {
        SignInResult.Disabled => "账号已停用，请联系管理员",
        SignInResult.LockedOut => $"密码连续输错{User.MaxFailedLogins}次，账号已锁定{(int)User.LockoutDuration.TotalMinutes}分钟，请稍后再试",
        _ => "用户名或密码错误",
    };

    /// <summary>Opens a session for a signed-in user; its id travels in the cookie or token as the "sid" claim.</summary>
    public async Task<string> OpenSessionAsync(User user, string kind)
    {
        var now = clock.GetUtcNow();
        var (ip, agent) = Client();
        var session = new UserSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), UserId = user.Id, UserName = user.UserName, Kind = kind,
            CreatedAt = now, LastSeenAt = now, Ip = ip, UserAgent = agent,
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync();
        if (user.Role == Core.Users.Roles.Admin) InitialPasswordFile.Forget(options);
        return session.Id;
    }

    public async Task<ClaimsPrincipal> PrincipalAsync(User user, string scheme, string? sessionId = null)
    {
        var campaignId = user.UnitId is int unitId
            ? await db.Units.Where(u => u.Id == unitId).Select(u => (int?)u.CampaignId).FirstOrDefaultAsync()
            : null;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.GivenName, string.IsNullOrEmpty(user.DisplayName) ? user.UserName : user.DisplayName),
            new(ClaimTypes.Role, user.Role),
        };
        if (user.UnitId is int u) claims.Add(new Claim(UnitClaim, u.ToString()));
        if (campaignId is int c) claims.Add(new Claim(CampaignClaim, c.ToString()));
        if (user.Role == Roles.Reviewer)
            foreach (var granted in await db.ReviewerGrants.Where(g => g.UserId == user.Id).Select(g => g.CampaignId).ToListAsync())
                claims.Add(new Claim(CampaignClaim, granted.ToString()));
        if (user.MustChangePassword) claims.Add(new Claim(MustChangeClaim, "1"));
        if (sessionId is not null) claims.Add(new Claim(SessionClaim, sessionId));
        // Permissions and data scope are added per request by RoleClaims, so a changed role applies at once.
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>Sets a new password; returns a Chinese error or null.</summary>
    public async Task<string?> SetPasswordAsync(string userName, string newPassword, bool oneTime = false)
    {
        if (CheckPasswordRules(newPassword) is { } rule) return rule;
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName);
        if (user is null) return $"用户“{userName}”不存在";
        user.PasswordHash = Hash(user, newPassword);
        user.MustChangePassword = oneTime;
        await db.SaveChangesAsync();
        return null;
    }

    public async Task<string?> ChangePasswordAsync(string userName, string currentPassword, string newPassword)
    {
        if (await VerifyAsync(userName, currentPassword) is null) return "当前密码不正确";
        if (currentPassword == newPassword) return "新密码不能与当前密码相同";
        return await SetPasswordAsync(userName, newPassword);
    }
}
