/// <summary>
/// <c>bench generate --campaigns N [--indicators 100 --units 30 --periods 12 --evidence-per-indicator 20]
/// --database sqlite [--data DIR] | --database "Host=…;Database=…"</c>: fills a database the app can then be started on
/// (<c>shifan --data DIR --database …</c>). SQLite goes to DIR/shifan.db (default /tmp/shifan-bench/generated);
/// PostgreSQL needs a connection string to an existing database (the load bench starts its own throwaway cluster).
/// </summary>
internal static class GenerateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var target = options.Get("database", "sqlite");
        string connection;
        if (target == "sqlite")
        {
            var data = options.Get("data", Path.Combine(Path.GetTempPath(), "shifan-bench", "generated"));
            Directory.CreateDirectory(data);
            connection = Shifan.Infrastructure.Persistence.Database.SqliteConnectionString(data);
            Console.WriteLine($"database: {connection} (start the app with: shifan --data {data})");
        }
        else if (target == "postgres")
        {
            connection = options.Get("connection") ?? throw new ArgumentException("--database postgres needs --connection \"Host=…;Database=…;Username=…\"");
        }
        else connection = target;
        var generated = await DataGenerator.GenerateAsync(connection, options.Generator(), Console.Out);
        Console.WriteLine($"generated {generated.CampaignIds.Count} campaigns (ids {generated.CampaignIds[0]}–{generated.CampaignIds[^1]}) under province organisation {generated.ProvinceId}: {generated.Rows} rows in {generated.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
