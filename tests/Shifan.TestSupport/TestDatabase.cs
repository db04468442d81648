using Shifan.Infrastructure.Persistence;

namespace Shifan.TestSupport;

/// <summary>The two database providers every persistence and HTTP test runs against.</summary>
public static class Providers
{
    public static TheoryData<string> All => new() { "sqlite", "postgres" };

    /// <summary>A fresh, empty database of the provider; SQLite lives in <paramref name="directory"/>.</summary>
    public static string NewConnectionString(string provider, string directory) => provider switch
    {
        "sqlite" => Database.SqliteConnectionString(directory),
        "postgres" => PostgresServer.Require().NewDatabase(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

/// <summary>A temp directory removed when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "shifan-test-" + Guid.NewGuid().ToString("N"));

    public TempDirectory() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>
/// The importer fixtures: real task tables and work plans kept inside the project (tests/fixtures/seeds),
/// so a fresh clone and CI test the same documents. A missing folder fails the test, never skips it.
/// </summary>
public static class ProjectFixtures
{
    public static string Seeds
    {
        get
        {
            var seeds = System.IO.Path.Combine(RepositoryRoot, "tests", "fixtures", "seeds");
            if (!Directory.Exists(seeds)) throw new DirectoryNotFoundException($"The importer fixtures are missing: {seeds}");
            return seeds;
        }
    }

    public static string Seed(string name) => System.IO.Path.Combine(Seeds, name);

    /// <summary>The repository root (the folder with Shifan.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (dir.GetFiles("Shifan.slnx").Length > 0) return dir.FullName;
            throw new InvalidOperationException("Shifan.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}
