namespace Shifan.Documents.Bulletins;

/// <summary>One section of the bulletin: a 黑体 heading (一、…) and its paragraphs.</summary>
public sealed record BulletinSection(string Heading, IReadOnlyList<string> Paragraphs);

/// <summary>What a 督导通报 says, ready for <see cref="BulletinDocxWriter"/>.</summary>
public sealed record BulletinDocument(
    string IssuingBody, string DocumentNumber, string Title, string Addressee, IReadOnlyList<BulletinSection> Sections,
    IReadOnlyList<string> RankingHeader, IReadOnlyList<IReadOnlyList<string>> RankingRows, int RankingAfterSection,
    string Signature, string Date, string CopyTo, string PrintedBy, string PrintedOn);
