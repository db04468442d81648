using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Shifan.Core.Users;

/// <summary>
/// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1), as authenticator apps
/// compute them: 6 digits, 30-second steps, one step of clock drift either way.
/// </summary>
public static class Totp
{
    public const int Digits = 6;
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    /// <summary>Steps accepted before and after the current one (phones' clocks drift).</summary>
    public const int Drift = 1;

    /// <summary>A new 160-bit secret, as RFC 4226 recommends.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(20);

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>The HOTP value of one counter (RFC 4226 section 5.3, dynamic truncation).</summary>
    public static string Code(byte[] secret, long counter, int digits = Digits)
    {
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(secret, message, hash);
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.Slice(offset, 4)) & 0x7fffffff) % (int)Math.Pow(10, digits);
        return binary.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    public static string CodeAt(byte[] secret, DateTimeOffset time, int digits = Digits) => Code(secret, StepAt(time), digits);

    /// <summary>
    /// The step whose code matches within the drift window, or null. Steps up to <paramref name="lastUsedStep"/>
    /// are never accepted again, so a code (or an older one) works once.
    /// </summary>
    public static long? Match(byte[] secret, string? code, DateTimeOffset now, long? lastUsedStep)
    {
        code = Normalize(code);
        if (code.Length != Digits || !code.All(char.IsAsciiDigit)) return null;
        var current = StepAt(now);
        for (var step = current - Drift; step <= current + Drift; step++)
        {
            if (lastUsedStep is { } last && step <= last) continue;
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(code)))
                return step;
        }
        return null;
    }

    /// <summary>What users type: spaces and dashes (apps show "123 456") removed.</summary>
    public static string Normalize(string? code) => new((code ?? "").Where(c => c is not (' ' or '-')).ToArray());

    /// <summary>The otpauth:// URI authenticator apps read from the QR code (Key URI Format).</summary>
    public static string Uri(string issuer, string account, byte[] secret) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(account)}?secret={Base32.Encode(secret)}&issuer={System.Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={(int)Step.TotalSeconds}";
}
