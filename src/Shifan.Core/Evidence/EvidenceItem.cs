namespace Shifan.Core.Evidence;

public enum EvidenceKind { File, Minutes, Screenshot, Photo, CaseFile, Video, Statistics, Explanation, Other }

/// <summary>One piece of 佐证材料: a file (with versions), a written 情况说明, or a registered classified item.</summary>
public sealed class EvidenceItem : Units.IUnitOwned
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int NodeId { get; set; }
    /// <summary>The unit that owns it (the uploader's unit); scope for liaisons.</summary>
    public int UnitId { get; set; }
    public required string Title { get; set; }
    public EvidenceKind Kind { get; set; }
    public string? DocumentNo { get; set; }
    public DateOnly? DocumentDate { get; set; }
    public string? SourceUrl { get; set; }
    /// <summary>The year the material evidences.</summary>
    public int? Year { get; set; }
    /// <summary>Text of a 情况说明 written in the browser.</summary>
    public string? Text { get; set; }
    public bool Classified { get; set; }
    public string? SecrecyLevel { get; set; }
    public string? KeptAt { get; set; }
    public string? Holder { get; set; }
    [Units.RecordedBy]
    public string UploadedBy { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public string? DeletedBy { get; set; }
    public List<EvidenceVersion> Versions { get; set; } = [];
    public List<EvidenceLink> Links { get; set; } = [];

    public EvidenceVersion? Current => Versions.OrderByDescending(v => v.VersionNo).FirstOrDefault();

    public static string KindName(EvidenceKind kind) => kind switch
    {
        EvidenceKind.File => "文件",
        EvidenceKind.Minutes => "会议纪要",
        EvidenceKind.Screenshot => "截图",
        EvidenceKind.Photo => "照片",
        EvidenceKind.CaseFile => "案卷",
        EvidenceKind.Video => "音像",
        EvidenceKind.Statistics => "统计表",
        EvidenceKind.Explanation => "情况说明",
        _ => "其他",
    };
}

/// <summary>Which material requirement(s) an evidence item serves; one file may serve several.</summary>
public sealed class EvidenceLink
{
    public int Id { get; set; }
    public int EvidenceItemId { get; set; }
    public int MaterialRequirementId { get; set; }
}

/// <summary>One stored file of an evidence item; replacing a file adds a version and keeps the old one.</summary>
public sealed class EvidenceVersion
{
    public int Id { get; set; }
    public int EvidenceItemId { get; set; }
    public int VersionNo { get; set; }
    public required string Sha256 { get; set; }
    public long Size { get; set; }
    public required string FileName { get; set; }
    /// <summary>The type the content really is (pdf, png, docx…), read from its first bytes.</summary>
    public required string DetectedType { get; set; }
    public string UploadedBy { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    /// <summary>Text extracted for full-text search (bounded), filled in the background after the upload.</summary>
    public string? ExtractedText { get; set; }
    /// <summary>True until the background extraction has looked at this version's file.</summary>
    public bool TextPending { get; set; }
    /// <summary>Worker runs started for this version; counted before each start, so a crash of anything still counts.</summary>
    public int ExtractionAttempts { get; set; }
    /// <summary>Why no text could be extracted (Chinese, shown to the office); set with TextPending false, the version is quarantined.</summary>
    public string? ExtractionFailure { get; set; }

    /// <summary>Extraction gave up on this file: it is not retried, not even at start-up.</summary>
    public bool Quarantined => !TextPending && ExtractionFailure is not null;

    public string Extension => Path.GetExtension(FileName).TrimStart('.').ToLowerInvariant();
}

/// <summary>An earlier text of a 情况说明 written in the browser: editing keeps every wording it had.</summary>
public sealed class ExplanationRevision
{
    public int Id { get; set; }
    public int EvidenceItemId { get; set; }
    public int RevisionNo { get; set; }
    public required string Text { get; set; }
    public string WrittenBy { get; set; } = "";
    public DateTimeOffset WrittenAt { get; set; }
}
