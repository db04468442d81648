using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shifan.Core.Campaigns;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Reviews;
using Shifan.Core.Units;

namespace Shifan.Infrastructure.Persistence.Configurations;

internal sealed class RequirementReviewConfiguration : IEntityTypeConfiguration<RequirementReview>
{
    public void Configure(EntityTypeBuilder<RequirementReview> b)
    {
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Pins).HasMaxLength(20_000);
        b.Property(r => r.ReopenedBecause).HasMaxLength(500);
        b.Property(r => r.ReturnReason).HasMaxLength(50);
        b.Property(r => r.ReturnComment).HasMaxLength(1000);
        b.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<FrameworkNode>().WithMany().HasForeignKey(r => r.NodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MaterialRequirement>().WithMany().HasForeignKey(r => r.MaterialRequirementId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Rounds).WithOne().HasForeignKey(r => r.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.MaterialRequirementId, r.UnitId }).IsUnique();
        b.HasIndex(r => new { r.CampaignId, r.State });
        b.HasIndex(r => new { r.CampaignId, r.UnitId });
        // The dashboard's grouped count (per campaign, indicator, unit and state) reads this index alone.
        b.HasIndex(r => new { r.CampaignId, r.NodeId, r.UnitId, r.State });
        b.Ignore(r => r.Pending);
        b.Ignore(r => r.AwaitsLead);
    }
}

internal sealed class ReviewRoundConfiguration : IEntityTypeConfiguration<ReviewRound>
{
    public void Configure(EntityTypeBuilder<ReviewRound> b)
    {
        b.Property(r => r.Action).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Actor).HasMaxLength(64);
        b.Property(r => r.Reason).HasMaxLength(500);
        b.Property(r => r.Comment).HasMaxLength(1000);
        b.Property(r => r.Pins).HasMaxLength(20_000);
        // A review's rounds by action and time: the dashboard's return counts and its activity per period read this index alone.
        b.HasIndex(r => new { r.ReviewId, r.Action, r.At });
    }
}

internal sealed class ReturnReasonConfiguration : IEntityTypeConfiguration<ReturnReason>
{
    public void Configure(EntityTypeBuilder<ReturnReason> b)
    {
        b.Property(r => r.Name).HasMaxLength(50);
        b.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.CampaignId, r.Name }).IsUnique();
    }
}

internal sealed class ExplanationRevisionConfiguration : IEntityTypeConfiguration<ExplanationRevision>
{
    public void Configure(EntityTypeBuilder<ExplanationRevision> b)
    {
        b.Property(r => r.WrittenBy).HasMaxLength(64);
        b.HasOne<EvidenceItem>().WithMany().HasForeignKey(r => r.EvidenceItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.EvidenceItemId, r.RevisionNo }).IsUnique();
    }
}
