using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Shifan.Core.Users;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Account;

/// <summary>
/// The second factor (TOTP, RFC 6238): enrolment with a confirming first code, ten one-time recovery
/// codes, verification that accepts each code once, and the administrator's reset. Secrets are kept
/// protected by the app's data-protection keys (data/keys), recovery codes as SHA-256 hashes.
/// </summary>
public sealed class SecondFactorService(ShifanDbContext db, IDataProtectionProvider protection, TimeProvider clock, SessionRegistry sessions)
{
    public const string Issuer = "示范创建管理系统";
    public const int RecoveryCodeCount = 10;
    private const string RecoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);

    private IDataProtector Secrets => protection.CreateProtector("Shifan.SecondFactor.Secret.v1");
    private ITimeLimitedDataProtector Pending => protection.CreateProtector("Shifan.SecondFactor.PendingSignIn.v1").ToTimeLimitedDataProtector();

    private byte[]? SecretOf(User user)
    {
        if (string.IsNullOrEmpty(user.TotpSecret)) return null;
        try { return Secrets.Unprotect(Convert.FromBase64String(user.TotpSecret)); }
        catch (CryptographicException) { return null; } // keys lost: the admin resets the factor
        catch (FormatException) { return null; }
    }

    /// <summary>Starts (or continues) enrolment: a new secret is stored protected until the first code confirms it. Returns the secret in Base32.</summary>
    public async Task<string> BeginEnrolmentAsync(User user)
    {
        if (user.HasSecondFactor) throw new InvalidOperationException("second factor already enabled");
        if (SecretOf(user) is { } pending) return Base32.Encode(pending);
        var secret = Totp.NewSecret();
        user.TotpSecret = Convert.ToBase64String(Secrets.Protect(secret));
        user.TotpEnabledAt = null;
        user.TotpLastStep = null;
        await db.SaveChangesAsync();
        return Base32.Encode(secret);
    }

    /// <summary>The otpauth:// URI of a pending enrolment (for the QR code), or null when nothing is pending.</summary>
    public string? PendingUri(User user) =>
        !user.HasSecondFactor && SecretOf(user) is { } secret ? Totp.Uri(Issuer, user.UserName, secret) : null;

    /// <summary>Confirms enrolment with a first code; returns the recovery codes (shown once) or a Chinese error.</summary>
    public async Task<(IReadOnlyList<string>? RecoveryCodes, string? Error)> ConfirmEnrolmentAsync(User user, string? code)
    {
        if (user.HasSecondFactor) return (null, "双因素认证已启用");
        if (SecretOf(user) is not { } secret) return (null, "请先打开启用页面获取密钥");
        if (Totp.Match(secret, code, clock.GetUtcNow(), null) is not { } step) return (null, "验证码不正确，请核对手机时间后输入验证器当前显示的6位数字");
        user.TotpEnabledAt = clock.GetUtcNow();
        user.TotpLastStep = step;
        var codes = await NewRecoveryCodesAsync(user);
        await db.SaveChangesAsync();
        return (codes, null);
    }

    private async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(User user)
    {
        await db.RecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync();
        var codes = new List<string>();
        for (var i = 0; i < RecoveryCodeCount; i++)
        {
            var chars = new char[10];
            for (var j = 0; j < chars.Length; j++) chars[j] = RecoveryAlphabet[RandomNumberGenerator.GetInt32(RecoveryAlphabet.Length)];
            var code = new string(chars, 0, 5) + "-" + new string(chars, 5, 5);
            codes.Add(code);
            db.RecoveryCodes.Add(new RecoveryCode { UserId = user.Id, CodeHash = HashRecovery(code), CreatedAt = clock.GetUtcNow() });
        }
        return codes;
    }

    /// <summary>Recovery codes carry about 50 random bits, so a plain SHA-256 is enough (a slow hash would cost ten checks per attempt).</summary>
    private static string HashRecovery(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(new string(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray()))));

    public Task<int> RecoveryCodesLeftAsync(int userId) => db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null);

    /// <summary>
    /// Checks a code from the authenticator (each step accepted once, also under concurrent requests:
    /// the step is advanced with a conditional update) or an unused recovery code (then spent).
    /// </summary>
    public async Task<bool> VerifyAsync(User user, string? code)
    {
        if (!user.HasSecondFactor || SecretOf(user) is not { } secret || string.IsNullOrWhiteSpace(code)) return false;
        if (Totp.Match(secret, code, clock.GetUtcNow(), user.TotpLastStep) is { } step)
        {
            var won = await db.Users.Where(u => u.Id == user.Id && (u.TotpLastStep == null || u.TotpLastStep < step))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpLastStep, step));
            if (won != 1) return false;
            // Already written: keep the tracked user in step without making it a change of its own (no audit record per sign-in).
            var entry = db.Entry(user);
            if (entry.State == EntityState.Detached) user.TotpLastStep = step;
            else
            {
                entry.Property(u => u.TotpLastStep).CurrentValue = step;
                entry.Property(u => u.TotpLastStep).OriginalValue = step;
            }
            return true;
        }
        var normalized = Totp.Normalize(code);
        if (normalized.Length < 10) return false;
        var hash = HashRecovery(normalized);
        var stored = await db.RecoveryCodes.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == user.Id && c.CodeHash == hash && c.UsedAt == null);
        if (stored is null) return false;
        var now = clock.GetUtcNow();
        var spent = await db.RecoveryCodes.Where(c => c.Id == stored.Id && c.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now));
        if (spent != 1) return false;
        await db.RecordAsync("recovery-code", nameof(User), user.Id.ToString(), $"{user.UserName} 使用恢复码登录，剩余 {await RecoveryCodesLeftAsync(user.Id)} 个");
        return true;
    }

    /// <summary>Removes a user's second factor (lost phone): they enrol again at their next sign-in if their role requires it; their sessions end.</summary>
    public async Task ResetAsync(int userId, string actor)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId) ?? throw new Campaigns.NotFoundException("用户不存在");
        user.TotpSecret = null;
        user.TotpEnabledAt = null;
        user.TotpLastStep = null;
        db.RecoveryCodes.RemoveRange(await db.RecoveryCodes.Where(c => c.UserId == userId).ToListAsync());
        await db.SaveChangesAsync();
        await sessions.RevokeAllAsync(userId, actor);
    }

    /// <summary>A short-lived token for the second step of the sign-in page (the password is never sent twice).</summary>
    public string ProtectPendingSignIn(User user) => Pending.Protect($"{user.Id}:{user.UserName}", PendingLifetime);

    public int? PendingSignInUser(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try { return int.TryParse(Pending.Unprotect(token).Split(':')[0], out var id) ? id : null; }
        catch (CryptographicException) { return null; }
    }
}
