namespace Shifan.Core.Users;

/// <summary>RFC 4648 Base32 without padding, the alphabet authenticator apps use for secrets.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var sb = new System.Text.StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }

    /// <summary>Decodes, ignoring case, spaces and padding; null when a character is not Base32.</summary>
    public static byte[]? Decode(string text)
    {
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var raw in text)
        {
            if (raw is ' ' or '=' or '-') continue;
            var value = Alphabet.IndexOf(char.ToUpperInvariant(raw));
            if (value < 0) return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. output];
    }

    /// <summary>Groups of four for reading aloud or typing into an app.</summary>
    public static string Grouped(string encoded) => string.Join(' ', encoded.Chunk(4).Select(c => new string(c)));
}
