using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shifan.Core.Frameworks;

namespace Shifan.Infrastructure.Persistence.Configurations;

internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Stores a small list as a JSON text column, compared by content.</summary>
    public static PropertyBuilder<List<T>> AsJson<T>(this PropertyBuilder<List<T>> property) =>
        property.HasConversion(
                v => JsonSerializer.Serialize(v, Options),
                v => JsonSerializer.Deserialize<List<T>>(v, Options) ?? new List<T>(),
                new ValueComparer<List<T>>(
                    (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                    v => JsonSerializer.Serialize(v, Options).GetHashCode(),
                    v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Options), Options)!))
            .IsRequired();
}

internal sealed class FrameworkConfiguration : IEntityTypeConfiguration<Framework>
{
    public void Configure(EntityTypeBuilder<Framework> b)
    {
        b.Property(f => f.Name).HasMaxLength(200);
        b.Property(f => f.SourceFileName).HasMaxLength(260);
        b.Property(f => f.SourceSha256).HasMaxLength(64);
        b.HasIndex(f => new { f.Name, f.Version }).IsUnique();
        b.HasMany(f => f.Nodes).WithOne().HasForeignKey(n => n.FrameworkId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(f => f.Roots);
        b.Ignore(f => f.Indicators);
    }
}

internal sealed class FrameworkNodeConfiguration : IEntityTypeConfiguration<FrameworkNode>
{
    public void Configure(EntityTypeBuilder<FrameworkNode> b)
    {
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.Code).HasMaxLength(20);
        b.Property(n => n.Title).HasMaxLength(500);
        b.Property(n => n.NotApplicableReason).HasMaxLength(200);
        b.Property(n => n.Weight).HasPrecision(9, 2);
        b.Property(n => n.Methods).AsJson();
        b.Property(n => n.Tasks).AsJson();
        b.HasOne(n => n.Parent).WithMany(n => n.Children).HasForeignKey(n => n.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(n => n.Materials).WithOne().HasForeignKey(m => m.NodeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(n => new { n.FrameworkId, n.ParentId, n.SortOrder });
        b.Ignore(n => n.OrderedChildren);
        b.Ignore(n => n.Area);
        b.Ignore(n => n.Label);
    }
}

internal sealed class MaterialRequirementConfiguration : IEntityTypeConfiguration<MaterialRequirement>
{
    public void Configure(EntityTypeBuilder<MaterialRequirement> b)
    {
        b.Property(m => m.Unit).HasMaxLength(100);
        b.HasIndex(m => new { m.NodeId, m.No });
    }
}
