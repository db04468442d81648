using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Account;

/// <summary>A sign-in attempt's answer; CodeRequired: the password was right and the second factor is still to come.</summary>
public enum SignInResult { Success, WrongCredentials, Disabled, LockedOut, CodeRequired, WrongCode }

/// <summary>Accounts: password checks and hashing (ASP.NET Core Identity's hasher), claims for a session.</summary>
public sealed class AccountService(ShifanDbContext db, IHttpContextAccessor http, TimeProvider clock, PasswordPolicy policy, SessionRegistry sessions,
    Hosting.ShifanOptions options, SecondFactorService secondFactor, RoleSettings.RoleCatalog roles)
{
    public const string PermissionClaim = "perm";
    public const string UnitClaim = "unit";
    /// <summary>The <see cref="RoleGrant"/> the session acts in (absent: the account's own role).</summary>
    public const string ActiveGrantClaim = "active_grant";
    /// <summary>The user holds other roles to switch to (the header then offers 切换身份).</summary>
    public const string HasGrantsClaim = "has_grants";
    public const string CampaignClaim = "campaign";
    public const string MustChangeClaim = "must_change";
    public const string SessionClaim = "sid";
    /// <summary>Set (with <see cref="MustChangeClaim"/>) when the password is older than the policy allows.</summary>
    public const string PasswordExpiredClaim = "pwd_expired";
    /// <summary>Set when the user's role requires a second factor they have not enrolled yet: they may only enrol (OneTimePasswordGate).</summary>
    public const string MustEnrolClaim = "must_enrol";

    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>A hash of a random password, checked when the user name is unknown so that the answer takes as long as for a real one.</summary>
    private static readonly Lazy<(User User, string Hash)> Dummy = new(() =>
    {
        var user = new User { UserName = "-", Role = Roles.Liaison };
        return (user, Hasher.HashPassword(user, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));
    });

    public PasswordPolicy Policy => policy;

    /// <summary>True when the password is older than the policy's maximum age.</summary>
    public bool IsExpired(User user) =>
        policy.MaxAge is { } max && user.PasswordChangedAt is { } at && clock.GetUtcNow() - at > max;

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

    /// <summary>
    /// A sign-in attempt: lockout after five wrong passwords in a row, every attempt in the login log.
    /// An unknown name answers exactly as a real one would (same messages, one hash check, the same
    /// lockout after five tries), so names cannot be found by trying.
    /// </summary>
    public async Task<(SignInResult Result, User? User)> CheckAsync(string userName, string password)
    {
        var now = clock.GetUtcNow();
        var name = userName.Trim().Length > 64 ? userName.Trim()[..64] : userName.Trim();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName.Trim());
        var known = user is not null && !string.IsNullOrEmpty(user.PasswordHash);
        var verdict = PasswordVerificationResult.Failed;
        if (known) verdict = Hasher.VerifyHashedPassword(user!, user!.PasswordHash, password);
        else Hasher.VerifyHashedPassword(Dummy.Value.User, Dummy.Value.Hash, password);
        SignInResult result;
        if (!known)
        {
            var since = now - User.LockoutDuration;
            var recent = await db.LoginRecords.CountAsync(r => r.UserName == name && r.Result == nameof(SignInResult.WrongCredentials) && r.At > since);
            result = recent + 1 >= User.MaxFailedLogins ? SignInResult.LockedOut : SignInResult.WrongCredentials;
        }
        else if (user!.IsLockedOut(now)) result = SignInResult.LockedOut;
        else if (verdict == PasswordVerificationResult.Failed)
        {
            user.RegisterFailure(now);
            result = user.IsLockedOut(now) ? SignInResult.LockedOut : SignInResult.WrongCredentials;
        }
        else if (user.Disabled) result = SignInResult.Disabled;
        else
        {
            if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = Hash(user, password);
            // Accounts from before the password age was kept start their clock now.
            user.PasswordChangedAt ??= now;
            // With a second factor the attempt is not a success yet: failures keep counting until the code is right.
            if (user.HasSecondFactor) result = SignInResult.CodeRequired;
            else
            {
                user.RegisterSuccess();
                result = SignInResult.Success;
            }
        }
        var (ip, agent) = Client();
        db.LoginRecords.Add(new LoginRecord
        {
            At = now, UserName = name, Ip = ip, UserAgent = agent, Success = result == SignInResult.Success, Result = result.ToString(),
        });
        await db.SaveChangesAsync();
        return (result, result is SignInResult.Success or SignInResult.CodeRequired ? user : null);
    }

    /// <summary>
    /// The second step: a code from the authenticator or a recovery code. A wrong code counts like a
    /// wrong password (five in a row lock the account) and goes to the login log.
    /// </summary>
    public async Task<SignInResult> CheckCodeAsync(User user, string? code)
    {
        var now = clock.GetUtcNow();
        SignInResult result;
        if (user.IsLockedOut(now)) result = SignInResult.LockedOut;
        else if (user.Disabled) result = SignInResult.Disabled;
        else if (!user.HasSecondFactor) result = SignInResult.WrongCode;
        else if (await secondFactor.VerifyAsync(user, code))
        {
            user.RegisterSuccess();
            result = SignInResult.Success;
        }
        else
        {
            user.RegisterFailure(now);
            result = user.IsLockedOut(now) ? SignInResult.LockedOut : SignInResult.WrongCode;
        }
        var (ip, agent) = Client();
        db.LoginRecords.Add(new LoginRecord
        {
            At = now, UserName = user.UserName, Ip = ip, UserAgent = agent, Success = result == SignInResult.Success, Result = result.ToString(),
        });
        await db.SaveChangesAsync();
        return result;
    }

    /// <summary>True when the user's role requires a second factor and the user has none yet.</summary>
    public async Task<bool> MustEnrolAsync(User user) => !user.HasSecondFactor && (await roles.GetAsync(user.Role)).RequireSecondFactor;

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
        SignInResult.CodeRequired => "请输入手机验证器显示的6位动态验证码（或一个恢复码）",
        SignInResult.WrongCode => "动态验证码错误或已使用过，请输入验证器当前显示的验证码",
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
        InitialPasswordFile.Forget(options, user.UserName);
        return session.Id;
    }

    /// <summary>Where a user lands after signing in: an evaluator on their packages, the security and audit administrators (no campaign at all) on their own pages.</summary>
    public static string HomeOf(string role) => role switch
    {
        Roles.Evaluator => "/evaluation",
        Roles.SecurityAdmin => "/system/users",
        Roles.AuditAdmin => "/system/audit",
        _ => "/",
    };


    /// <summary>
    /// The user's identity for a session: in their account's own role, or — <paramref name="grantId"/> — in one of the
    /// other roles they hold (<see cref="RoleGrant"/>), with that role's unit, campaign or organisation instead.
    /// </summary>
    public async Task<ClaimsPrincipal> PrincipalAsync(User user, string scheme, string? sessionId = null, int? grantId = null)
    {
        var grant = grantId is int gid
            ? await db.RoleGrants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == gid && g.UserId == user.Id) ?? throw new Campaigns.NotFoundException("该身份不存在")
            : null;
        var role = grant?.Role ?? user.Role;
        var ownUnit = grant is null ? user.UnitId : grant.UnitId;
        var ownOrganisation = grant is null ? user.OrganisationId : grant.OrganisationId;
        // An evaluator holds no campaign at all, whatever unit or organisation the account was given: only their package grants.
        var evaluator = role == Roles.Evaluator;
        var campaignId = !evaluator && ownUnit is int unitId
            ? await db.Units.Where(u => u.Id == unitId).Select(u => (int?)u.CampaignId).FirstOrDefaultAsync()
            : grant?.CampaignId;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.GivenName, string.IsNullOrEmpty(user.DisplayName) ? user.UserName : user.DisplayName),
            new(ClaimTypes.Role, role),
        };
        if (grant is not null) claims.Add(new Claim(ActiveGrantClaim, grant.Id.ToString()));
        if (await db.RoleGrants.AnyAsync(g => g.UserId == user.Id)) claims.Add(new Claim(HasGrantsClaim, "1"));
        if (!evaluator && ownUnit is int u) claims.Add(new Claim(UnitClaim, u.ToString()));
        if (campaignId is int c) claims.Add(new Claim(CampaignClaim, c.ToString()));
        // A user placed on an organisation holds their role over every campaign of its subtree (a city office over its counties').
        if (!evaluator && ownOrganisation is int organisation)
            foreach (var under in await Organisations.OrganisationService.CampaignsUnderAsync(db, organisation))
                if (under != campaignId) claims.Add(new Claim(CampaignClaim, under.ToString()));
        if (grant is null && user.Role == Roles.Reviewer)
            foreach (var granted in await db.ReviewerGrants.Where(g => g.UserId == user.Id).Select(g => g.CampaignId).ToListAsync())
                claims.Add(new Claim(CampaignClaim, granted.ToString()));
        if (user.MustChangePassword || IsExpired(user)) claims.Add(new Claim(MustChangeClaim, "1"));
        if (!user.MustChangePassword && IsExpired(user)) claims.Add(new Claim(PasswordExpiredClaim, "1"));
        if (await MustEnrolAsync(user)) claims.Add(new Claim(MustEnrolClaim, "1"));
        if (sessionId is not null) claims.Add(new Claim(SessionClaim, sessionId));
        // Permissions and data scope are added per request by RoleClaims, so a changed role applies at once.
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>
    /// Sets a new password after checking the policy (and, unless it is a one-time password, the
    /// history); ends the user's sessions but <paramref name="keepSessionId"/>. Returns a Chinese error or null.
    /// </summary>
    public async Task<string?> SetPasswordAsync(string userName, string newPassword, bool oneTime = false, string? keepSessionId = null, string? actor = null)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == userName);
        if (user is null) return $"用户“{userName}”不存在";
        if (policy.Check(newPassword, user.UserName) is { } rule) return rule;
        if (!oneTime && await WasUsedAsync(user, newPassword)) return $"新密码不能与最近{policy.History}次使用过的密码相同";
        await StoreAsync(user, newPassword, oneTime);
        await sessions.RevokeAllAsync(user.Id, actor ?? user.UserName, keepSessionId);
        return null;
    }

    /// <summary>True when the password is the current one or one of the last (History - 1) before it.</summary>
    private async Task<bool> WasUsedAsync(User user, string password)
    {
        var hashes = await db.PasswordHistory.Where(h => h.UserId == user.Id).OrderByDescending(h => h.Id).Take(policy.History - 1).Select(h => h.PasswordHash).ToListAsync();
        if (!string.IsNullOrEmpty(user.PasswordHash)) hashes.Insert(0, user.PasswordHash);
        return hashes.Any(h => Hasher.VerifyHashedPassword(user, h, password) != PasswordVerificationResult.Failed);
    }

    /// <summary>Replaces the password: the old hash goes to the history (the oldest beyond the policy are dropped).</summary>
    public async Task StoreAsync(User user, string password, bool oneTime)
    {
        var now = clock.GetUtcNow();
        if (!string.IsNullOrEmpty(user.PasswordHash))
            db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = user.PasswordHash, ReplacedAt = now });
        user.PasswordHash = Hash(user, password);
        user.PasswordChangedAt = now;
        user.MustChangePassword = oneTime;
        await db.SaveChangesAsync();
        var stale = await db.PasswordHistory.Where(h => h.UserId == user.Id).OrderByDescending(h => h.Id).Skip(policy.History).ToListAsync();
        if (stale.Count > 0)
        {
            db.PasswordHistory.RemoveRange(stale);
            await db.SaveChangesAsync();
        }
    }

    public async Task<string?> ChangePasswordAsync(string userName, string currentPassword, string newPassword, string? keepSessionId = null)
    {
        if (await VerifyAsync(userName, currentPassword) is null) return "当前密码不正确";
        if (currentPassword == newPassword) return "新密码不能与当前密码相同";
        return await SetPasswordAsync(userName, newPassword, keepSessionId: keepSessionId);
    }
}
