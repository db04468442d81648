using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Shifan.Infrastructure.Notifications;

/// <summary>Sends one plain-text e-mail through the configured SMTP server (MailKit); throws on any failure.</summary>
public sealed class SmtpSender(SmtpSettings settings)
{
    public bool Enabled => settings.Enabled;

    public async Task SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        if (!settings.Enabled) throw new InvalidOperationException("SMTP is not configured (Shifan:Smtp:Host)");
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };

        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        var security = Enum.TryParse<SecureSocketOptions>(settings.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.Auto;
        await client.ConnectAsync(settings.Host!, settings.Port, security, ct);
        if (!string.IsNullOrEmpty(settings.UserName)) await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
