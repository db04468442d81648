using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shifan.Core.Campaigns;
using Shifan.Core.Frameworks;
using Shifan.Core.Ledgers;
using Shifan.Core.Units;

namespace Shifan.Infrastructure.Persistence.Configurations;

internal sealed class LedgerPeriodConfiguration : IEntityTypeConfiguration<LedgerPeriod>
{
    public void Configure(EntityTypeBuilder<LedgerPeriod> b)
    {
        b.Property(p => p.Name).HasMaxLength(50);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Campaign>().WithMany().HasForeignKey(p => p.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.CampaignId, p.StartsOn });
        b.Ignore(p => p.Key);
    }
}

internal sealed class LedgerConfiguration : IEntityTypeConfiguration<Ledger>
{
    public void Configure(EntityTypeBuilder<Ledger> b)
    {
        b.Property(l => l.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(l => l.Filler).HasMaxLength(50);
        b.Property(l => l.Contact).HasMaxLength(100);
        b.Property(l => l.UpdatedBy).HasMaxLength(64);
        b.Property(l => l.SubmittedBy).HasMaxLength(64);
        b.Property(l => l.ConfirmedBy).HasMaxLength(64);
        b.HasOne<Campaign>().WithMany().HasForeignKey(l => l.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<LedgerPeriod>().WithMany().HasForeignKey(l => l.PeriodId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Unit>().WithMany().HasForeignKey(l => l.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(l => l.Entries).WithOne().HasForeignKey(e => e.LedgerId).OnDelete(DeleteBehavior.Cascade);
        // One row per revision; a unit's ledger for a period is its highest revision.
        b.HasIndex(l => new { l.PeriodId, l.UnitId, l.Revision }).IsUnique();
        b.HasIndex(l => new { l.CampaignId, l.PeriodId });
        b.Ignore(l => l.Frozen);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.Property(e => e.Code).HasMaxLength(20);
        b.Property(e => e.Title).HasMaxLength(500);
        b.Property(e => e.Methods).HasMaxLength(500);
        b.Property(e => e.Progress).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.HasOne<FrameworkNode>().WithMany().HasForeignKey(e => e.NodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => e.LedgerId);
        b.Ignore(e => e.ProgressText);
    }
}
