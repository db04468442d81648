using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shifan.Core.Campaigns;
using Shifan.Core.Ledgers;
using Shifan.Core.Supervision;

namespace Shifan.Infrastructure.Persistence.Configurations;

internal sealed class SupervisionSettingsConfiguration : IEntityTypeConfiguration<SupervisionSettings>
{
    public void Configure(EntityTypeBuilder<SupervisionSettings> b)
    {
        b.HasKey(s => s.CampaignId);
        b.Property(s => s.IssuingBody).HasMaxLength(60);
        b.Property(s => s.NumberPrefix).HasMaxLength(20);
        b.Property(s => s.UpdatedBy).HasMaxLength(64);
        b.Ignore(s => s.WeightTotal);
        b.HasOne<Campaign>().WithOne().HasForeignKey<SupervisionSettings>(s => s.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BulletinConfiguration : IEntityTypeConfiguration<Bulletin>
{
    public void Configure(EntityTypeBuilder<Bulletin> b)
    {
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.CreatedBy).HasMaxLength(64);
        b.Property(x => x.UpdatedBy).HasMaxLength(64);
        b.Property(x => x.PublishedBy).HasMaxLength(64);
        b.Ignore(x => x.Published);
        b.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<LedgerPeriod>().WithMany().HasForeignKey(x => x.PeriodId).OnDelete(DeleteBehavior.Restrict);
        // One number per campaign and year: publishing twice at once cannot hand out the same 〔2026〕N号.
        b.HasIndex(x => new { x.CampaignId, x.Year, x.Number }).IsUnique();
        b.HasIndex(x => new { x.CampaignId, x.PeriodId });
    }
}
