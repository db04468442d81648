using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Shifan.Documents.Import;
using Shifan.Hosting;
using Shifan.Infrastructure.Files;
using Shifan.Infrastructure.Persistence;

namespace Shifan.Features.Evidence;

/// <summary>
/// Extracts the text of uploaded files for full-text search, after the upload has answered.
/// Work is found in the database (versions marked TextPending), so nothing is lost on a restart;
/// the queue only wakes the worker early.
/// </summary>
public sealed class TextExtraction(IServiceScopeFactory scopes, ShifanOptions options, ILogger<TextExtraction> log)
{
    public static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(30);

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim running = new(1, 1);

    /// <summary>Tells the worker there is new work.</summary>
    public void Notify() => wake.Writer.TryWrite(true);

    public async Task WaitForWorkAsync(TimeSpan poll, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(poll);
        try { await wake.Reader.ReadAsync(timeout.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }

    /// <summary>Extracts every pending version; returns how many were done.</summary>
    public async Task<int> RunPendingAsync(CancellationToken ct = default)
    {
        await running.WaitAsync(ct);
        try
        {
            var done = 0;
            var store = new BlobStore(options.FilesDirectory);
            while (!ct.IsCancellationRequested)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ShifanDbContext>();
                var batch = await db.EvidenceVersions.AsNoTracking().Where(v => v.TextPending).OrderBy(v => v.Id)
                    .Select(v => new { v.Id, v.EvidenceItemId, v.Sha256, v.DetectedType }).Take(20).ToListAsync(ct);
                if (batch.Count == 0) break;
                foreach (var v in batch)
                {
                    var text = await TextExtractor.ExtractAsync(store.PathOf(v.Sha256), v.DetectedType, PerFileLimit, ct);
                    if (text is null) log.LogInformation("No text extracted from version {Version} ({Type})", v.Id, v.DetectedType);
                    // Derived data, not anybody's change: written directly, outside the audit trail; the
                    // text and the search row commit together.
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    await db.EvidenceVersions.Where(x => x.Id == v.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExtractedText, text).SetProperty(x => x.TextPending, false), ct);
                    await SearchIndex.IndexAsync(db, v.EvidenceItemId, ct);
                    await tx.CommitAsync(ct);
                    done++;
                }
            }
            return done;
        }
        finally
        {
            running.Release();
        }
    }
}

/// <summary>
/// Runs <see cref="TextExtraction"/> for the life of the web app, unless `Shifan:TextExtraction` is
/// `off` (for an installation that runs `shifan evidence extract` on its own schedule, and for tests).
/// </summary>
public sealed class TextExtractionWorker(TextExtraction extraction, IConfiguration configuration, ILogger<TextExtractionWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.Equals(configuration["Shifan:TextExtraction"], "off", StringComparison.OrdinalIgnoreCase))
        {
            log.LogInformation("Background text extraction is off (Shifan:TextExtraction)");
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await extraction.RunPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may not be ready yet (first start) or briefly unavailable: try again later.
                log.LogWarning(ex, "Text extraction pass failed; retrying");
            }
            await extraction.WaitForWorkAsync(TimeSpan.FromSeconds(30), stoppingToken);
        }
    }
}
