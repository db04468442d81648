namespace Shifan.Core.Packages;

/// <summary>
/// A third-party evaluator's (评估专家) read-only access to one frozen package of one campaign, from
/// <see cref="ValidFrom"/> until <see cref="ValidUntil"/> (exclusive), unless revoked earlier. It gives
/// nothing else of the campaign: the evaluator holds no campaign claim, only this grant.
/// </summary>
public sealed class PackageGrant
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public int CampaignId { get; set; }
    public int FreezeNo { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset ValidUntil { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public string GrantedBy { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public PackageGrantState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? PackageGrantState.Revoked
        : now < ValidFrom ? PackageGrantState.NotYet
        : now >= ValidUntil ? PackageGrantState.Expired
        : PackageGrantState.Active;

    public static string StateName(PackageGrantState state) => state switch
    {
        PackageGrantState.NotYet => "尚未开始",
        PackageGrantState.Active => "有效",
        PackageGrantState.Expired => "已到期",
        _ => "已撤销",
    };

    /// <summary>Why an evaluator cannot open the package now, in Chinese; null when they can.</summary>
    public string? RefusalAt(DateTimeOffset now) => StateAt(now) switch
    {
        PackageGrantState.NotYet => $"查阅期限尚未开始：自{ChinaTime.Format(ValidFrom)}起可以查阅（北京时间）。",
        PackageGrantState.Expired => $"查阅期限已于{ChinaTime.DateOf(ValidUntil.AddTicks(-1)):yyyy-MM-dd} 24:00（北京时间）结束，不能再查阅该申报包。如需继续查阅，请联系创建办公室重新授权。",
        PackageGrantState.Revoked => "创建办公室已撤销您对该申报包的查阅授权。",
        _ => null,
    };
}
