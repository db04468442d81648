using Shifan.Hosting;

namespace Shifan.Features.Account;

/// <summary>
/// The one-time password of each built-in administrator (admin, secadmin, auditadmin), also kept in a file of its
/// own that only the owner can read (data/initial-NAME-password.txt), so that it cannot be lost in a scrolled-away
/// console and each file can be handed to its own administrator (三员分立); a file is removed at that account's first sign-in.
/// </summary>
public static class InitialPasswordFile
{
    /// <summary>The system administrator's file (the name older versions used).</summary>
    public const string FileName = "initial-admin-password.txt";

    public static string FileNameOf(string userName) => $"initial-{userName}-password.txt";

    public static string PathIn(ShifanOptions options, string userName = "admin") => Path.Combine(options.DataDirectory, FileNameOf(userName));

    public static void Write(ShifanOptions options, string userName, string roleName, string password)
    {
        var path = PathIn(options, userName);
        var text = $"{roleName}账号：{userName}\n一次性密码：{password}\n首次登录后须修改密码；登录后本文件自动删除。\n";
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, text);
            return;
        }
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    /// <summary>Removes the user's file, if there is one (user names are letters, digits, '_', '.' and '-', never a path).</summary>
    public static void Forget(ShifanOptions options, string userName)
    {
        if (userName.Contains('/') || userName.Contains('\\') || userName.Contains("..")) return;
        var path = PathIn(options, userName);
        if (File.Exists(path)) File.Delete(path);
    }
}
