using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shifan.Core.Campaigns;
using Shifan.Core.Packages;

namespace Shifan.Infrastructure.Persistence.Configurations;

internal sealed class PackageFreezeConfiguration : IEntityTypeConfiguration<PackageFreeze>
{
    public void Configure(EntityTypeBuilder<PackageFreeze> b)
    {
        b.Property(f => f.FrameworkName).HasMaxLength(200);
        b.Property(f => f.FrozenBy).HasMaxLength(64);
        b.Property(f => f.ManifestSha256).HasMaxLength(64);
        b.Property(f => f.ManifestSm3).HasMaxLength(64);
        b.HasOne<Campaign>().WithMany().HasForeignKey(f => f.CampaignId).OnDelete(DeleteBehavior.Cascade);
        // Numbered per campaign; the unique index makes two offices freezing at once get 1 and 2, never two 1s.
        b.HasIndex(f => new { f.CampaignId, f.No }).IsUnique();
    }
}

internal sealed class PackageGrantConfiguration : IEntityTypeConfiguration<PackageGrant>
{
    public void Configure(EntityTypeBuilder<PackageGrant> b)
    {
        b.Property(g => g.GrantedBy).HasMaxLength(64);
        b.Property(g => g.RevokedBy).HasMaxLength(64);
        b.HasOne<Campaign>().WithMany().HasForeignKey(g => g.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Core.Users.User>().WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(g => g.UserId);
        b.HasIndex(g => new { g.CampaignId, g.FreezeNo });
    }
}
