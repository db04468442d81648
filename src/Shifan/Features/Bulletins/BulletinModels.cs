namespace Shifan.Features.Bulletins;

public sealed record BulletinRow(int Id, int PeriodId, string PeriodName, string Title, string Status, string? Number, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt);

public sealed record BulletinView(int Id, int CampaignId, int PeriodId, string PeriodName, string Status, bool Published, string? Number, string Title,
    string Summary, string Praised, string Lagging, string Problems, string NextSteps, IReadOnlyList<IReadOnlyList<string>> Ranking,
    DateTimeOffset UpdatedAt, string UpdatedBy, DateTimeOffset? PublishedAt, string? PublishedBy);

public sealed record BulletinInput(string? Title, string? Summary, string? Praised, string? Lagging, string? Problems, string? NextSteps);

public sealed record GenerateInput(int? PeriodId);
