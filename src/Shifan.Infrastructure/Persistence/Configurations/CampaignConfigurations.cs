using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shifan.Core.Assignments;
using Shifan.Core.Auditing;
using Shifan.Core.Campaigns;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;
using Shifan.Core.Users;

namespace Shifan.Infrastructure.Persistence.Configurations;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Region).HasMaxLength(200);
        b.Property(c => c.Level).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.LedgerDueDay).HasDefaultValue(Core.Ledgers.LedgerPeriod.DefaultDueDay);
        b.HasOne(c => c.Framework).WithMany().HasForeignKey(c => c.FrameworkId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Stages).WithOne().HasForeignKey(s => s.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Core.Organisations.Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Core.Organisations.Organisation>
{
    public void Configure(EntityTypeBuilder<Core.Organisations.Organisation> b)
    {
        b.Property(o => o.Name).HasMaxLength(Core.Organisations.Organisation.MaxNameLength);
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Core.Organisations.Organisation>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => new { o.ParentId, o.Name }).IsUnique();
    }
}

internal sealed class CampaignStageConfiguration : IEntityTypeConfiguration<CampaignStage>
{
    public void Configure(EntityTypeBuilder<CampaignStage> b) => b.Property(s => s.Name).HasMaxLength(50);
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.Property(u => u.Name).HasMaxLength(100);
        b.Property(u => u.Kind).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Campaign>().WithMany().HasForeignKey(u => u.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Unit>().WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(u => u.Contacts).WithOne().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(u => new { u.CampaignId, u.Name }).IsUnique();
        b.HasOne<Core.Organisations.Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LiaisonContactConfiguration : IEntityTypeConfiguration<LiaisonContact>
{
    public void Configure(EntityTypeBuilder<LiaisonContact> b)
    {
        b.Property(c => c.Name).HasMaxLength(50);
        b.Property(c => c.Phone).HasMaxLength(40);
        b.Property(c => c.Email).HasMaxLength(200);
    }
}

internal sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> b)
    {
        b.Property(a => a.Role).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Campaign>().WithMany().HasForeignKey(a => a.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<FrameworkNode>().WithMany().HasForeignKey(a => a.NodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Unit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CampaignStage>().WithMany().HasForeignKey(a => a.StageId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(a => new { a.CampaignId, a.NodeId, a.UnitId, a.Role }).IsUnique();
        b.HasIndex(a => new { a.CampaignId, a.UnitId });
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Property(u => u.UserName).HasMaxLength(64);
        b.Property(u => u.DisplayName).HasMaxLength(64);
        b.Property(u => u.Role).HasMaxLength(32);
        b.Property(u => u.TotpSecret).HasMaxLength(512);
        b.Property(u => u.Email).HasMaxLength(200);
        b.Property(u => u.Delivery).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(u => u.UserName).IsUnique();
        b.HasOne<Unit>().WithMany().HasForeignKey(u => u.UnitId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Core.Organisations.Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PasswordHistoryConfiguration : IEntityTypeConfiguration<PasswordHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PasswordHistoryEntry> b)
    {
        b.ToTable("PasswordHistory");
        b.Property(h => h.PasswordHash).HasMaxLength(256);
        b.HasIndex(h => new { h.UserId, h.Id });
        b.HasOne<User>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCode>
{
    public void Configure(EntityTypeBuilder<RecoveryCode> b)
    {
        b.Property(c => c.CodeHash).HasMaxLength(64);
        b.HasIndex(c => new { c.UserId, c.CodeHash });
        b.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Actor).HasMaxLength(64);
        b.Property(a => a.Action).HasMaxLength(32);
        b.Property(a => a.Entity).HasMaxLength(64);
        b.Property(a => a.EntityId).HasMaxLength(64);
        b.Property(a => a.PreviousHash).HasMaxLength(64);
        b.Property(a => a.Hash).HasMaxLength(64);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.CampaignId, a.Id });
    }
}

internal sealed class LoginRecordConfiguration : IEntityTypeConfiguration<LoginRecord>
{
    public void Configure(EntityTypeBuilder<LoginRecord> b)
    {
        b.Property(r => r.UserName).HasMaxLength(64);
        b.Property(r => r.Ip).HasMaxLength(64);
        b.Property(r => r.UserAgent).HasMaxLength(300);
        b.Property(r => r.Result).HasMaxLength(64);
        b.HasIndex(r => r.At);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.UserName).HasMaxLength(64);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.Ip).HasMaxLength(64);
        b.Property(x => x.UserAgent).HasMaxLength(300);
        b.Property(x => x.RevokedBy).HasMaxLength(64);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class ReviewerGrantConfiguration : IEntityTypeConfiguration<ReviewerGrant>
{
    public void Configure(EntityTypeBuilder<ReviewerGrant> b)
    {
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.UserId, x.CampaignId }).IsUnique();
    }
}

internal sealed class RoleGrantConfiguration : IEntityTypeConfiguration<RoleGrant>
{
    public void Configure(EntityTypeBuilder<RoleGrant> b)
    {
        b.Property(x => x.Role).HasMaxLength(32);
        b.Property(x => x.CreatedBy).HasMaxLength(64);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Core.Units.Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Core.Organisations.Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class RoleDefinitionConfiguration : IEntityTypeConfiguration<RoleDefinition>
{
    public void Configure(EntityTypeBuilder<RoleDefinition> b)
    {
        b.HasKey(r => r.Role);
        b.Property(r => r.Role).HasMaxLength(32);
        b.Property(r => r.Permissions).HasMaxLength(2000);
        b.Property(r => r.DataScope).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.UpdatedBy).HasMaxLength(64);
        b.Property(r => r.DisplayName).HasMaxLength(32);
        b.Ignore(r => r.PermissionList);
    }
}
