using Shifan.Hosting;

namespace Shifan.Features.Account;

/// <summary>
/// The admin's one-time password, also kept in a file only the owner can read (data/initial-admin-password.txt)
/// so that it cannot be lost in a scrolled-away console; the file is removed at the admin's first sign-in.
/// </summary>
public static class InitialPasswordFile
{
    public const string FileName = "initial-admin-password.txt";

    public static string PathIn(ShifanOptions options) => Path.Combine(options.DataDirectory, FileName);

    public static void Write(ShifanOptions options, string userName, string password)
    {
        var path = PathIn(options);
        var text = $"管理员账号：{userName}\n一次性密码：{password}\n首次登录后须修改密码；登录后本文件自动删除。\n";
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

    public static void Forget(ShifanOptions options)
    {
        var path = PathIn(options);
        if (File.Exists(path)) File.Delete(path);
    }
}
