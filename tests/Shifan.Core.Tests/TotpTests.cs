using System.Text;
using Shifan.Core.Users;

namespace Shifan.Core.Tests;

public class TotpTests
{
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    /// <summary>RFC 6238 appendix B, the SHA-1 column (8 digits).</summary>
    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void MatchesTheRfc6238TestVectors(long unixSeconds, string expected) =>
        Assert.Equal(expected, Totp.CodeAt(RfcSecret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), 8));

    [Fact]
    public void SixDigitCodesAreTheLastSixOfTheEightDigitOnes() =>
        Assert.Equal("287082", Totp.CodeAt(RfcSecret, DateTimeOffset.FromUnixTimeSeconds(59)));

    [Fact]
    public void AcceptsOneStepOfDriftEitherWayAndNoMore()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.StepAt(now);
        Assert.Equal(step, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step), now, null));
        Assert.Equal(step - 1, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step - 1), now, null));
        Assert.Equal(step + 1, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step + 1), now, null));
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step - 2), now, null));
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step + 2), now, null));
        Assert.Null(Totp.Match(RfcSecret, "12345", now, null));
        Assert.Null(Totp.Match(RfcSecret, "abcdef", now, null));
        var spaced = Totp.Code(RfcSecret, step).Insert(3, " ");
        Assert.Equal(step, Totp.Match(RfcSecret, spaced, now, null));
    }

    [Fact]
    public void AUsedStepAndTheStepsBeforeItAreRefused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var step = Totp.StepAt(now);
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step), now, step));
        Assert.Null(Totp.Match(RfcSecret, Totp.Code(RfcSecret, step - 1), now, step));
        Assert.Equal(step + 1, Totp.Match(RfcSecret, Totp.Code(RfcSecret, step + 1), now, step));
    }

    [Fact]
    public void Base32RoundTripsAndMatchesRfc4648()
    {
        Assert.Equal("MZXW6YTBOI", Base32.Encode("foobar"u8));
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.Encode(RfcSecret));
        var secret = Totp.NewSecret();
        Assert.Equal(secret, Base32.Decode(Base32.Grouped(Base32.Encode(secret)).ToLowerInvariant()));
        Assert.Null(Base32.Decode("not base32!"));
    }

    [Fact]
    public void TheUriNamesIssuerAccountAndSecret()
    {
        var uri = Totp.Uri("示范创建", "admin", RfcSecret);
        Assert.StartsWith("otpauth://totp/", uri);
        Assert.Contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", uri);
        Assert.Contains("digits=6&period=30", uri);
    }
}
