using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Shifan.Core.Assignments;
using Shifan.Core.Auditing;
using Shifan.Core.Campaigns;
using Shifan.Core.Frameworks;
using Shifan.Core.Units;
using Shifan.Core.Users;
using Shifan.Infrastructure.Auditing;

namespace Shifan.Infrastructure.Persistence;

/// <summary>Who is making the current change, for the audit trail, and which units' rows they reach.</summary>
public interface ICurrentActor
{
    string Name { get; }

    /// <summary>
    /// The units whose rows of unit-owned tables (<see cref="IUnitOwned"/>) the caller reaches, or null for all of
    /// them (the system account, roles whose data scope is 全部, and code that runs for nobody in particular).
    /// </summary>
    IReadOnlyCollection<int>? ScopeUnits => null;

    /// <summary>
    /// For the data scope 本人 (own records): the caller's user name, to which rows of unit-owned tables with a
    /// <see cref="RecordedByAttribute"/> property are narrowed; null for every other scope.
    /// </summary>
    string? OwnRecordsOf => null;
}

public sealed class SystemActor : ICurrentActor
{
    public string Name => "system";
}

/// <summary>
/// The database of one installation. Provider-specific subclasses carry their own migrations;
/// everything else talks to this type.
/// </summary>
public abstract class ShifanDbContext(DbContextOptions options, ICurrentActor actor, AuditChain? chain = null) : DbContext(options)
{
    public DbSet<Core.Organisations.Organisation> Organisations => Set<Core.Organisations.Organisation>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CampaignStage> CampaignStages => Set<CampaignStage>();
    public DbSet<Framework> Frameworks => Set<Framework>();
    public DbSet<FrameworkNode> FrameworkNodes => Set<FrameworkNode>();
    public DbSet<MaterialRequirement> MaterialRequirements => Set<MaterialRequirement>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<LiaisonContact> LiaisonContacts => Set<LiaisonContact>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<User> Users => Set<User>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<LoginRecord> LoginRecords => Set<LoginRecord>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<ReviewerGrant> ReviewerGrants => Set<ReviewerGrant>();
    public DbSet<RoleGrant> RoleGrants => Set<RoleGrant>();
    public DbSet<RoleDefinition> RoleDefinitions => Set<RoleDefinition>();
    public DbSet<Core.Evidence.EvidenceItem> EvidenceItems => Set<Core.Evidence.EvidenceItem>();
    public DbSet<Core.Evidence.EvidenceVersion> EvidenceVersions => Set<Core.Evidence.EvidenceVersion>();
    public DbSet<Core.Evidence.EvidenceLink> EvidenceLinks => Set<Core.Evidence.EvidenceLink>();
    public DbSet<Core.Evidence.ExplanationRevision> ExplanationRevisions => Set<Core.Evidence.ExplanationRevision>();
    public DbSet<Core.Reviews.RequirementReview> RequirementReviews => Set<Core.Reviews.RequirementReview>();
    public DbSet<Core.Reviews.ReviewRound> ReviewRounds => Set<Core.Reviews.ReviewRound>();
    public DbSet<Core.Reviews.ReturnReason> ReturnReasons => Set<Core.Reviews.ReturnReason>();
    public DbSet<Core.Notifications.Notification> Notifications => Set<Core.Notifications.Notification>();
    public DbSet<Core.Notifications.OutboxMessage> Outbox => Set<Core.Notifications.OutboxMessage>();
    public DbSet<Core.Notifications.CampaignNotificationSettings> CampaignNotificationSettings => Set<Core.Notifications.CampaignNotificationSettings>();
    public DbSet<Core.Ledgers.LedgerPeriod> LedgerPeriods => Set<Core.Ledgers.LedgerPeriod>();
    public DbSet<Core.Ledgers.Ledger> Ledgers => Set<Core.Ledgers.Ledger>();
    public DbSet<Core.Ledgers.LedgerEntry> LedgerEntries => Set<Core.Ledgers.LedgerEntry>();
    public DbSet<Core.Packages.PackageFreeze> PackageFreezes => Set<Core.Packages.PackageFreeze>();
    public DbSet<Core.Packages.PackageGrant> PackageGrants => Set<Core.Packages.PackageGrant>();
    public DbSet<Core.Supervision.SupervisionSettings> SupervisionSettings => Set<Core.Supervision.SupervisionSettings>();
    public DbSet<Core.Supervision.Bulletin> Bulletins => Set<Core.Supervision.Bulletin>();
    public DbSet<Core.SelfAssessment.IndicatorRating> IndicatorRatings => Set<Core.SelfAssessment.IndicatorRating>();
    public DbSet<Core.SelfAssessment.ThresholdFigure> ThresholdFigures => Set<Core.SelfAssessment.ThresholdFigure>();
    public DbSet<Core.SelfAssessment.ScoreSnapshot> ScoreSnapshots => Set<Core.SelfAssessment.ScoreSnapshot>();
    public DbSet<Core.SelfAssessment.SelfAssessmentReport> SelfAssessmentReports => Set<Core.SelfAssessment.SelfAssessmentReport>();
    public DbSet<Core.Problems.Problem> Problems => Set<Core.Problems.Problem>();
    public DbSet<Core.Problems.ProblemStep> ProblemSteps => Set<Core.Problems.ProblemStep>();

    public string ActorName => actor.Name;

    // Read by the unit filter on every query (EF Core parameterises members of the context per query).
    private bool UnitFilterOn => actor.ScopeUnits is not null;
    private List<int> UnitFilterIds => actor.ScopeUnits?.ToList() ?? [];
    private bool OwnRecordsOn => actor.OwnRecordsOf is not null;
    private string OwnRecordsName => actor.OwnRecordsOf ?? "";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ShifanDbContext).Assembly);
        foreach (var type in modelBuilder.Model.GetEntityTypes().Where(t => typeof(IUnitOwned).IsAssignableFrom(t.ClrType)).ToList())
            modelBuilder.Entity(type.ClrType).HasQueryFilter(UnitFilterFor(type.ClrType));
    }

    /// <summary>
    /// The data scope, once for every unit-owned table: <c>e =&gt; !UnitFilterOn || e.Unit == null || UnitFilterIds.Contains(e.Unit)</c>,
    /// and on tables that name who made a row (<see cref="RecordedByAttribute"/>) also <c>&amp;&amp; (!OwnRecordsOn || e.By == OwnRecordsName)</c>.
    /// Code that must see across units on purpose (completeness counted the same for everyone, the lead unit reading
    /// what its responsible units contributed, the audit trail) says so with <c>IgnoreQueryFilters()</c>.
    /// </summary>
    private System.Linq.Expressions.LambdaExpression UnitFilterFor(Type clr)
    {
        var unit = clr.GetProperties().FirstOrDefault(p => p.IsDefined(typeof(OwningUnitAttribute), true)) ?? clr.GetProperty("UnitId")
            ?? throw new InvalidOperationException($"{clr.Name} is IUnitOwned but has no UnitId or [OwningUnit] property");
        var e = System.Linq.Expressions.Expression.Parameter(clr, "e");
        var self = System.Linq.Expressions.Expression.Constant(this, typeof(ShifanDbContext));
        const System.Reflection.BindingFlags Own = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        var on = System.Linq.Expressions.Expression.Property(self, typeof(ShifanDbContext).GetProperty(nameof(UnitFilterOn), Own)!);
        var ids = System.Linq.Expressions.Expression.Property(self, typeof(ShifanDbContext).GetProperty(nameof(UnitFilterIds), Own)!);
        var value = System.Linq.Expressions.Expression.Property(e, unit);
        var contains = typeof(List<int>).GetMethod(nameof(List<int>.Contains))!;
        System.Linq.Expressions.Expression reach = value.Type == typeof(int)
            ? System.Linq.Expressions.Expression.Call(ids, contains, value)
            : System.Linq.Expressions.Expression.OrElse(
                System.Linq.Expressions.Expression.Equal(value, System.Linq.Expressions.Expression.Constant(null, value.Type)),
                System.Linq.Expressions.Expression.Call(ids, contains, System.Linq.Expressions.Expression.Property(value, "Value")));
        System.Linq.Expressions.Expression filter = System.Linq.Expressions.Expression.OrElse(System.Linq.Expressions.Expression.Not(on), reach);
        if (clr.GetProperties().FirstOrDefault(p => p.IsDefined(typeof(RecordedByAttribute), true)) is { } by)
        {
            var ownOn = System.Linq.Expressions.Expression.Property(self, typeof(ShifanDbContext).GetProperty(nameof(OwnRecordsOn), Own)!);
            var me = System.Linq.Expressions.Expression.Property(self, typeof(ShifanDbContext).GetProperty(nameof(OwnRecordsName), Own)!);
            filter = System.Linq.Expressions.Expression.AndAlso(filter, System.Linq.Expressions.Expression.OrElse(
                System.Linq.Expressions.Expression.Not(ownOn), System.Linq.Expressions.Expression.Equal(System.Linq.Expressions.Expression.Property(e, by), me)));
        }
        return System.Linq.Expressions.Expression.Lambda(filter, e);
    }

    /// <summary>The audit key and checkpoints; without one (tests of the model alone) records are chained with plain SHA-256.</summary>
    public AuditChain? Chain => chain;

    private static readonly AuditCommitInterceptor CommitInterceptor = new();
    private static readonly WriteStampInterceptor StampInterceptor = new();

    /// <summary>The head written in the current transaction, checkpointed once that transaction commits.</summary>
    private (Guid Transaction, long Id, string Hash, long KeyedFrom)? pendingCheckpoint;

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(CommitInterceptor, StampInterceptor);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>Saves and appends one hash-chained audit record per changed entity, in one transaction.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var pending = ChangeTracker.Entries()
            .Where(e => e.Entity is not (AuditEntry or LoginRecord or Core.Notifications.Notification or Core.Notifications.OutboxMessage) && !(e.Entity is UserSession && e.State == EntityState.Modified && !e.Property(nameof(UserSession.RevokedAt)).IsModified)
                && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            // A new row's values are read after the save, so keys of rows added in the same save are real ids, not temporary ones.
            .Select(e => (Entry: e, State: e.State, Changes: e.State == EntityState.Added ? null : DescribeChanges(e, e.State)))
            .ToList();
        if (pending.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        var ownTransaction = Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await Database.BeginTransactionAsync(cancellationToken) : null;
        await LockChainAsync(cancellationToken);
        // A deleted row's campaign is looked up while its parents still exist; the others once ids are known.
        var campaigns = new Dictionary<EntityEntry, int?>();
        foreach (var p in pending.Where(p => p.State == EntityState.Deleted)) campaigns[p.Entry] = await CampaignOfAsync(p.Entry, cancellationToken);
        var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var p in pending.Where(p => p.State != EntityState.Deleted)) campaigns[p.Entry] = await CampaignOfAsync(p.Entry, cancellationToken);
        await AppendAuditAsync(pending.Select(p => (
            p.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" },
            p.Entry.Metadata.ClrType.Name,
            string.Join(",", p.Entry.Metadata.FindPrimaryKey()!.Properties.Select(x => p.Entry.Property(x.Name).CurrentValue)),
            p.Changes ?? DescribeChanges(p.Entry, EntityState.Added), campaigns[p.Entry])), acceptAllChangesOnSuccess, cancellationToken);
        if (tx is not null) await tx.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>The campaign an audited object belongs to (by its own key or its parent's), or null for system-wide objects.</summary>
    private async Task<int?> CampaignOfAsync(EntityEntry e, CancellationToken ct)
    {
        int? Value(string name) => e.Metadata.FindProperty(name) is not null && e.Property(name).CurrentValue is int v ? v : null;
        Task<int?> OfFramework(int frameworkId) =>
            Campaigns.Where(c => c.FrameworkId == frameworkId).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        switch (e.Entity)
        {
            case Campaign c: return c.Id;
            case Framework f: return await OfFramework(f.Id);
            case FrameworkNode n: return await OfFramework(n.FrameworkId);
            case MaterialRequirement m:
                return await FrameworkNodes.Where(n => n.Id == m.NodeId).Select(n => (int?)n.FrameworkId).FirstOrDefaultAsync(ct) is int fw ? await OfFramework(fw) : null;
        }
        if (Value("CampaignId") is int campaign) return campaign;
        if (Value("LedgerId") is int ledger) return await Ledgers.IgnoreQueryFilters().Where(l => l.Id == ledger).Select(l => (int?)l.CampaignId).FirstOrDefaultAsync(ct);
        if (Value("EvidenceItemId") is int item) return await EvidenceItems.IgnoreQueryFilters().Where(i => i.Id == item).Select(i => (int?)i.CampaignId).FirstOrDefaultAsync(ct);
        if (Value("UnitId") is int unit) return await Units.Where(u => u.Id == unit).Select(u => (int?)u.CampaignId).FirstOrDefaultAsync(ct);
        return null;
    }

    /// <summary>
    /// Serialises writers of the chain across processes, in the database: a transaction-scoped advisory
    /// lock on PostgreSQL; on SQLite the write lock (EF begins transactions with BEGIN IMMEDIATE, and a
    /// no-op write takes it inside a deferred one), held until commit.
    /// </summary>
    private async Task LockChainAsync(CancellationToken ct)
    {
        if (this is PostgresShifanDbContext)
            await Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(4801120413)", ct);
        else
            await Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Id\" = \"Id\" WHERE 0", ct);
    }

    /// <summary>Appends records after the head (read under the chain lock) and saves them; the caller commits.</summary>
    private async Task AppendAuditAsync(IEnumerable<(string Action, string Entity, string EntityId, string Changes, int? CampaignId)> records, bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        var previous = await AuditEntries.OrderByDescending(a => a.Id).Select(a => a.Hash).FirstOrDefaultAsync(ct) ?? "";
        byte[]? key = null;
        long? keyedFrom = null;
        if (chain is not null)
        {
            keyedFrom = chain.KeyedFrom ?? await AuditEntries.Where(a => a.KeyVersion == AuditEntry.Keyed).Select(a => (long?)a.Id).MinAsync(ct);
            key = chain.Key(mayCreate: keyedFrom is null);
        }
        var now = DateTimeOffset.UtcNow;
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var added = new List<AuditEntry>();
        foreach (var (action, entity, entityId, changes, campaignId) in records)
        {
            var audit = new AuditEntry
            {
                At = now, Actor = actor.Name, Action = action, Entity = entity, EntityId = entityId, Changes = changes, CampaignId = campaignId,
                PreviousHash = previous, KeyVersion = key is null ? 0 : AuditEntry.Keyed,
            };
            audit.Hash = audit.ComputeHash(key);
            previous = audit.Hash;
            AuditEntries.Add(audit);
            added.Add(audit);
        }
        await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
        if (key is not null && Database.CurrentTransaction is { } current)
            pendingCheckpoint = (current.TransactionId, added[^1].Id, added[^1].Hash, keyedFrom ?? added[0].Id);
    }

    /// <summary>Called by the interceptor after a commit: the chain's new head goes to the checkpoint file.</summary>
    internal void OnTransactionEnded(Guid transactionId, bool committed)
    {
        if (pendingCheckpoint is not { } p || p.Transaction != transactionId) return;
        pendingCheckpoint = null;
        if (committed) chain?.Committed(p.Id, p.Hash, p.KeyedFrom);
    }

    /// <summary>Records an event that changes no row (a download, say) in the audit chain.</summary>
    public async Task RecordAsync(string action, string entity, string entityId, string details, int? campaignId = null, CancellationToken ct = default)
    {
        var ownTransaction = Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await Database.BeginTransactionAsync(ct) : null;
        await LockChainAsync(ct);
        await AppendAuditAsync([(action, entity, entityId, details, campaignId)], true, ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    private static readonly HashSet<string> SecretFields = ["PasswordHash", "TotpSecret", "CodeHash", "WebhookSecret", "WebhookUrl"];

    /// <summary>Fields the system derives from stored content (search text); they are not anybody's change.</summary>
    /// <summary>Fields not written into audit records: derived ones, and a freeze's manifest (its hash, which is recorded, pins it).</summary>
    private static readonly HashSet<string> DerivedFields = ["ExtractedText", "TextPending", "ExtractionAttempts", "ExtractionFailure", "Manifest"];

    private static string DescribeChanges(EntityEntry e, EntityState state)
    {
        var changes = new Dictionary<string, object?>();
        foreach (var p in e.Properties)
        {
            if (p.Metadata.IsPrimaryKey() && state == EntityState.Added || DerivedFields.Contains(p.Metadata.Name)) continue;
            object? Show(object? v) => SecretFields.Contains(p.Metadata.Name) ? "***" : v is System.Collections.IEnumerable and not string ? JsonSerializer.Serialize(v) : v?.ToString();
            switch (state)
            {
                case EntityState.Added:
                    if (p.CurrentValue is not null) changes[p.Metadata.Name] = new { after = Show(p.CurrentValue) };
                    break;
                case EntityState.Deleted:
                    changes[p.Metadata.Name] = new { before = Show(p.OriginalValue) };
                    break;
                case EntityState.Modified when p.IsModified && !Equals(p.OriginalValue, p.CurrentValue):
                    changes[p.Metadata.Name] = new { before = Show(p.OriginalValue), after = Show(p.CurrentValue) };
                    break;
            }
        }
        return JsonSerializer.Serialize(changes, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}

public sealed class SqliteShifanDbContext(DbContextOptions<SqliteShifanDbContext> options, ICurrentActor actor, AuditChain? chain = null) : ShifanDbContext(options, actor, chain)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite cannot order or compare DateTimeOffset values; store them as sortable binary.
        builder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresShifanDbContext(DbContextOptions<PostgresShifanDbContext> options, ICurrentActor actor, AuditChain? chain = null) : ShifanDbContext(options, actor, chain);
