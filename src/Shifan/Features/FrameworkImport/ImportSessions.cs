using System.Security.Cryptography;
using System.Text.Json;
using Shifan.Documents.Frameworks;
using Shifan.Hosting;

namespace Shifan.Features.FrameworkImport;

/// <summary>A parsed document waiting for the user to review, correct and commit it.</summary>
public sealed class ImportSession
{
    public string Owner { get; set; } = "";
    public int CampaignId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public FrameworkFile File { get; set; } = new();
}

/// <summary>
/// Import previews kept as files under the data folder (data/imports), one per upload, readable only
/// by the user who uploaded them, removed on commit and after a day.
/// </summary>
public sealed class ImportSessions(ShifanOptions options)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private string Folder => Path.Combine(options.DataDirectory, "imports");

    private string PathOf(string token) =>
        token.Length == 32 && token.All(Uri.IsHexDigit) ? Path.Combine(Folder, token + ".json") : throw new Campaigns.NotFoundException("导入预览不存在或已过期");

    public string Create(string owner, int campaignId, FrameworkFile file)
    {
        Directory.CreateDirectory(Folder);
        foreach (var old in new DirectoryInfo(Folder).GetFiles("*.json").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow - Lifetime))
            old.Delete();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Save(token, new ImportSession { Owner = owner, CampaignId = campaignId, CreatedAt = DateTimeOffset.UtcNow, File = file });
        return token;
    }

    public ImportSession Load(string token, string owner, int campaignId)
    {
        var path = PathOf(token);
        if (!File.Exists(path)) throw new Campaigns.NotFoundException("导入预览不存在或已过期");
        var session = JsonSerializer.Deserialize<ImportSession>(File.ReadAllText(path), FrameworkJson.Options);
        if (session is null || session.Owner != owner || session.CampaignId != campaignId || session.CreatedAt < DateTimeOffset.UtcNow - Lifetime)
            throw new Campaigns.NotFoundException("导入预览不存在或已过期");
        return session;
    }

    public void Save(string token, ImportSession session)
    {
        var path = PathOf(token);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(session, FrameworkJson.Options));
        File.Move(temp, path, overwrite: true);
    }

    public void Delete(string token)
    {
        var path = PathOf(token);
        if (File.Exists(path)) File.Delete(path);
    }
}
