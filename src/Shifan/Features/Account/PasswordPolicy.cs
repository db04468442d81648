namespace Shifan.Features.Account;

/// <summary>
/// Password rules (等保2.0 level 3, GB/T 22239-2019 8.1.4.1), from Shifan:Password:* — MinLength (8),
/// MinClasses of upper, lower, digit, symbol (3), History: how many recent passwords may not be reused,
/// the current one included (5), MaxAgeDays before a change is forced (90; 0 = never).
/// </summary>
public sealed record PasswordPolicy(int MinLength = 8, int MinClasses = 3, int History = 5, int MaxAgeDays = 90)
{
    public const int MaxLength = 128;

    public static PasswordPolicy From(IConfiguration configuration)
    {
        int Read(string key, int fallback, int min, int max) =>
            int.TryParse(configuration[$"Shifan:Password:{key}"], out var v) && v >= min && v <= max ? v : fallback;
        return new PasswordPolicy(Read("MinLength", 8, 8, 64), Read("MinClasses", 3, 1, 4), Read("History", 5, 1, 24), Read("MaxAgeDays", 90, 0, 3650));
    }

    public TimeSpan? MaxAge => MaxAgeDays > 0 ? TimeSpan.FromDays(MaxAgeDays) : null;

    private string Classes => MinClasses switch { 1 => "一", 2 => "两", 3 => "三", _ => "四" };

    /// <summary>The rules as users read them.</summary>
    public string Description =>
        $"至少{MinLength}位，包含大写字母、小写字母、数字、符号中的至少{Classes}类，不能包含用户名，不能与最近{History}次使用过的密码相同" +
        (MaxAgeDays > 0 ? $"；每{MaxAgeDays}天须更换一次" : "");

    /// <summary>A Chinese message for a password that breaks the rules, or null.</summary>
    public string? Check(string? password, string? userName)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength) return $"密码长度不能少于{MinLength}位";
        if (password.Length > MaxLength) return $"密码长度不能超过{MaxLength}位";
        var classes = 0;
        if (password.Any(char.IsLower)) classes++;
        if (password.Any(char.IsUpper)) classes++;
        if (password.Any(char.IsDigit)) classes++;
        if (password.Any(c => !char.IsLetterOrDigit(c))) classes++;
        if (classes < MinClasses) return $"密码须包含大写字母、小写字母、数字、符号中的至少{Classes}类";
        if (!string.IsNullOrWhiteSpace(userName) && password.Contains(userName.Trim(), StringComparison.OrdinalIgnoreCase)) return "密码不能包含用户名";
        return null;
    }
}
