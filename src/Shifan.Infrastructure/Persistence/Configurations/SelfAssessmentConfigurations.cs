using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shifan.Core.Campaigns;
using Shifan.Core.Frameworks;
using Shifan.Core.Problems;
using Shifan.Core.SelfAssessment;
using Shifan.Core.Units;

namespace Shifan.Infrastructure.Persistence.Configurations;

internal sealed class IndicatorRatingConfiguration : IEntityTypeConfiguration<IndicatorRating>
{
    public void Configure(EntityTypeBuilder<IndicatorRating> b)
    {
        b.Property(r => r.Side).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Reason).HasMaxLength(IndicatorRating.ReasonMaxLength);
        b.Property(r => r.EvidenceIds).HasMaxLength(2000);
        b.Property(r => r.RatedBy).HasMaxLength(64);
        b.Ignore(r => r.Evidence);
        b.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<FrameworkNode>().WithMany().HasForeignKey(r => r.NodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        // One current rating per indicator and side: the unit's and the office's, side by side.
        b.HasIndex(r => new { r.CampaignId, r.NodeId, r.Side }).IsUnique();
    }
}

internal sealed class ThresholdFigureConfiguration : IEntityTypeConfiguration<ThresholdFigure>
{
    public void Configure(EntityTypeBuilder<ThresholdFigure> b)
    {
        b.Property(f => f.ThresholdKey).HasMaxLength(200);
        b.Property(f => f.Figure).HasPrecision(18, 4);
        b.Property(f => f.Source).HasMaxLength(200);
        b.Property(f => f.EnteredBy).HasMaxLength(64);
        b.HasOne<Campaign>().WithMany().HasForeignKey(f => f.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<FrameworkNode>().WithMany().HasForeignKey(f => f.NodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(f => f.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(f => new { f.CampaignId, f.NodeId, f.ThresholdKey }).IsUnique();
    }
}

internal sealed class ScoreSnapshotConfiguration : IEntityTypeConfiguration<ScoreSnapshot>
{
    public void Configure(EntityTypeBuilder<ScoreSnapshot> b)
    {
        b.Property(s => s.Month).HasMaxLength(7);
        foreach (var p in new[] { nameof(ScoreSnapshot.Total), nameof(ScoreSnapshot.BaseScore), nameof(ScoreSnapshot.Bonus), nameof(ScoreSnapshot.Deduction) })
            b.Property<decimal>(p).HasPrecision(9, 2);
        b.Property(s => s.Areas).HasMaxLength(20_000);
        b.HasOne<Campaign>().WithMany().HasForeignKey(s => s.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.CampaignId, s.Month }).IsUnique();
    }
}

internal sealed class SelfAssessmentReportConfiguration : IEntityTypeConfiguration<SelfAssessmentReport>
{
    public void Configure(EntityTypeBuilder<SelfAssessmentReport> b)
    {
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Title).HasMaxLength(200);
        b.Property(r => r.Sections).HasMaxLength(500_000);
        b.Property(r => r.UpdatedBy).HasMaxLength(64);
        b.Property(r => r.FinalizedBy).HasMaxLength(64);
        b.Property(r => r.Sha256).HasMaxLength(64);
        b.Ignore(r => r.IsFinal);
        b.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.CampaignId, r.UnitId, r.Status });
    }
}

internal sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> b)
    {
        b.Property(p => p.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Description).HasMaxLength(Problem.TextMaxLength);
        b.Property(p => p.Measure).HasMaxLength(Problem.TextMaxLength);
        b.Property(p => p.ProofEvidenceIds).HasMaxLength(2000);
        b.Property(p => p.ProofNote).HasMaxLength(Problem.TextMaxLength);
        b.Property(p => p.ReturnReason).HasMaxLength(500);
        b.Property(p => p.CreatedBy).HasMaxLength(64);
        b.Property(p => p.ClosedBy).HasMaxLength(64);
        b.Ignore(p => p.Proof);
        b.Ignore(p => p.IsClosed);
        b.HasOne<Campaign>().WithMany().HasForeignKey(p => p.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<FrameworkNode>().WithMany().HasForeignKey(p => p.NodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(p => p.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Steps).WithOne().HasForeignKey(s => s.ProblemId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.CampaignId, p.No }).IsUnique();
        b.HasIndex(p => new { p.CampaignId, p.Status });
        b.HasIndex(p => new { p.CampaignId, p.OwnerUnitId });
    }
}

internal sealed class ProblemStepConfiguration : IEntityTypeConfiguration<ProblemStep>
{
    public void Configure(EntityTypeBuilder<ProblemStep> b)
    {
        b.Property(s => s.Action).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Actor).HasMaxLength(64);
        b.Property(s => s.Note).HasMaxLength(Problem.TextMaxLength);
    }
}
