using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shifan.Core.Campaigns;
using Shifan.Core.Evidence;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;

namespace Shifan.Infrastructure.Persistence.Configurations;

internal sealed class EvidenceItemConfiguration : IEntityTypeConfiguration<EvidenceItem>
{
    public void Configure(EntityTypeBuilder<EvidenceItem> b)
    {
        b.Property(e => e.Title).HasMaxLength(200);
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.DocumentNo).HasMaxLength(100);
        b.Property(e => e.SourceUrl).HasMaxLength(2000);
        b.Property(e => e.SecrecyLevel).HasMaxLength(20);
        b.Property(e => e.KeptAt).HasMaxLength(200);
        b.Property(e => e.Holder).HasMaxLength(64);
        b.Property(e => e.UploadedBy).HasMaxLength(64);
        b.Property(e => e.DeletedBy).HasMaxLength(64);
        b.HasOne<Campaign>().WithMany().HasForeignKey(e => e.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<FrameworkNode>().WithMany().HasForeignKey(e => e.NodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(e => e.Versions).WithOne().HasForeignKey(v => v.EvidenceItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(e => e.Links).WithOne().HasForeignKey(l => l.EvidenceItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.CampaignId, e.NodeId });
        b.HasIndex(e => new { e.CampaignId, e.UnitId });
        b.Ignore(e => e.Current);
    }
}

internal sealed class EvidenceVersionConfiguration : IEntityTypeConfiguration<EvidenceVersion>
{
    public void Configure(EntityTypeBuilder<EvidenceVersion> b)
    {
        b.Property(v => v.Sha256).HasMaxLength(64);
        b.Property(v => v.FileName).HasMaxLength(255);
        b.Property(v => v.DetectedType).HasMaxLength(16);
        b.Property(v => v.UploadedBy).HasMaxLength(64);
        b.HasIndex(v => v.Sha256);
        b.Property(v => v.ExtractionFailure).HasMaxLength(500);
        b.HasIndex(v => v.TextPending);
        b.Ignore(v => v.Extension);
        b.Ignore(v => v.Quarantined);
    }
}

internal sealed class EvidenceLinkConfiguration : IEntityTypeConfiguration<EvidenceLink>
{
    public void Configure(EntityTypeBuilder<EvidenceLink> b)
    {
        b.HasOne<MaterialRequirement>().WithMany().HasForeignKey(l => l.MaterialRequirementId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(l => new { l.EvidenceItemId, l.MaterialRequirementId }).IsUnique();
        b.HasIndex(l => l.MaterialRequirementId);
    }
}
