using Microsoft.Extensions.Configuration;

namespace Shifan.Infrastructure.Notifications;

/// <summary>Shifan:Smtp:* — e-mail is sent only when a host is configured.</summary>
public sealed record SmtpSettings
{
    public string? Host { get; init; }
    public int Port { get; init; } = 25;
    /// <summary>None, StartTls, SslOnConnect or Auto (MailKit's SecureSocketOptions; Auto by default).</summary>
    public string Security { get; init; } = "Auto";
    public string? UserName { get; init; }
    public string? Password { get; init; }
    public string From { get; init; } = "noreply@localhost";
    public string FromName { get; init; } = "示范创建管理系统";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public static SmtpSettings Read(IConfiguration configuration)
    {
        var s = configuration.GetSection("Shifan:Smtp");
        return new SmtpSettings
        {
            Host = s["Host"],
            Port = int.TryParse(s["Port"], out var port) ? port : 25,
            Security = s["Security"] ?? "Auto",
            UserName = s["UserName"] ?? s["User"],
            Password = s["Password"],
            From = s["From"] ?? "noreply@localhost",
            FromName = s["FromName"] ?? "示范创建管理系统",
            Timeout = TimeSpan.TryParse(s["Timeout"], out var t) ? t : TimeSpan.FromSeconds(30),
        };
    }
}
