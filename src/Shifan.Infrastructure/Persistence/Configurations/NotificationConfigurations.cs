using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shifan.Core.Campaigns;
using Shifan.Core.Notifications;
using Shifan.Core.Users;

namespace Shifan.Infrastructure.Persistence.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.Title).HasMaxLength(Notification.TitleLength);
        b.Property(n => n.Text).HasMaxLength(Notification.TextLength);
        b.Property(n => n.Link).HasMaxLength(Notification.LinkLength);
        b.Property(n => n.DedupeKey).HasMaxLength(Notification.KeyLength);
        b.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Campaign>().WithMany().HasForeignKey(n => n.CampaignId).OnDelete(DeleteBehavior.Cascade);
        // Insert-first dedupe: a second copy of the same reminder for the same user cannot be stored.
        b.HasIndex(n => new { n.UserId, n.DedupeKey }).IsUnique();
        b.HasIndex(n => new { n.UserId, n.ReadAt });
        b.HasIndex(n => new { n.UserId, n.CreatedAt });
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("Outbox");
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Target).HasMaxLength(500);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.Body).HasMaxLength(20000);
        b.Property(m => m.DedupeKey).HasMaxLength(250);
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.HasIndex(m => m.DedupeKey).IsUnique();
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
    }
}

internal sealed class CampaignNotificationSettingsConfiguration : IEntityTypeConfiguration<CampaignNotificationSettings>
{
    public void Configure(EntityTypeBuilder<CampaignNotificationSettings> b)
    {
        b.HasKey(s => s.CampaignId);
        b.Property(s => s.ReminderDays).HasMaxLength(50);
        b.Property(s => s.WebhookUrl).HasMaxLength(500);
        b.Property(s => s.WebhookSecret).HasMaxLength(200);
        b.Property(s => s.WebhookKeyword).HasMaxLength(50);
        b.HasOne<Campaign>().WithOne().HasForeignKey<CampaignNotificationSettings>(s => s.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}
