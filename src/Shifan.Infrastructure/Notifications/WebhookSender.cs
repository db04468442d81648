using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Shifan.Infrastructure.Notifications;

/// <summary>
/// Posts a text message to a 企业微信 or 钉钉 group robot: both accept
/// <c>{"msgtype":"text","text":{"content":"…"}}</c> and answer <c>{"errcode":0,…}</c> when they took it.
/// 钉钉's optional 加签 adds timestamp and sign to the address; its optional keyword must appear in the text.
/// </summary>
public sealed class WebhookSender(HttpClient http, TimeProvider clock)
{
    public async Task SendAsync(string url, string content, string? secret, string? keyword, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(keyword) && !content.Contains(keyword, StringComparison.Ordinal)) content = $"【{keyword}】{content}";
        var address = string.IsNullOrEmpty(secret) ? url : Signed(url, secret, clock.GetUtcNow().ToUnixTimeMilliseconds());
        using var response = await http.PostAsJsonAsync(address, new { msgtype = "text", text = new { content } }, Json, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"webhook answered {(int)response.StatusCode}: {Short(body)}");
        if (ErrorCode(body) is { } code and not 0)
            throw new HttpRequestException($"webhook refused the message (errcode {code}): {Short(body)}");
    }

    /// <summary>Chinese text as it is (not \u escapes), so the robots' logs and keyword checks read it plainly.</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    /// <summary>钉钉 加签: HMAC-SHA256 of "timestamp\nsecret" keyed with the secret, Base64, URL-encoded.</summary>
    public static string Signed(string url, string secret, long timestamp)
    {
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{secret}")));
        return $"{url}{(url.Contains('?') ? '&' : '?')}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}";
    }

    private static int? ErrorCode(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("errcode", out var e) && e.TryGetInt32(out var code) ? code : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Short(string s) => s.Length > 200 ? s[..200] : s;
}
