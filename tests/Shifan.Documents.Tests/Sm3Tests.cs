using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Shifan.Documents.Packages;

namespace Shifan.Documents.Tests;

/// <summary>
/// The package's own SM3 (written for verify speed) against GB/T 32905-2016's two examples and against
/// BouncyCastle's SM3Digest on random input fed in random pieces, so block boundaries and the padding of
/// every tail length (0–63 bytes, and the one that needs a second padding block) are crossed.
/// </summary>
public sealed class Sm3Tests
{
    [Theory]
    [InlineData("abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")]
    [InlineData("abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")]
    public void The_standards_examples(string message, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(Sm3.Hash(Encoding.ASCII.GetBytes(message))));

    [Fact]
    public void Agrees_with_BouncyCastle_on_every_tail_length_and_any_split()
    {
        var random = new Random(32905);
        var sm3 = new Sm3();
        foreach (var length in Enumerable.Range(0, 200).Concat([1000, 4096, 65_537, 1 << 20]))
        {
            var data = new byte[length];
            random.NextBytes(data);
            var reference = new SM3Digest();
            reference.BlockUpdate(data, 0, data.Length);
            var expected = new byte[32];
            reference.DoFinal(expected, 0);

            for (var at = 0; at < length;)
            {
                var piece = Math.Min(length - at, random.Next(1, 130));
                sm3.Append(data.AsSpan(at, piece));
                at += piece;
            }
            var actual = new byte[32];
            sm3.Finish(actual); // also resets: the same instance hashes the next message
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"length {length}");
        }
    }
}
