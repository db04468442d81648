using System.ComponentModel;
using System.Diagnostics;

namespace Shifan.Documents.Packages;

/// <summary>
/// Converts files to PDF with LibreOffice (`soffice --headless --convert-to pdf`), in one batch, with a profile of
/// its own (`-env:UserInstallation`) so it never meets a user's LibreOffice or another conversion, and a time limit
/// after which its process tree is killed. Runs inside the untrusted-file worker: what LibreOffice reads is untrusted.
/// </summary>
public static class OfficeToPdf
{
    /// <summary>
    /// Converts <paramref name="inputs"/> into <paramref name="outputDirectory"/>; returns for each input the PDF made, or
    /// null when LibreOffice made none. <paramref name="timedOut"/> says the batch was killed at its limit.
    /// </summary>
    public static IReadOnlyList<string?> Convert(string soffice, IReadOnlyList<string> inputs, string outputDirectory, string profileDirectory, TimeSpan limit, out bool timedOut)
    {
        Directory.CreateDirectory(outputDirectory);
        var clock = Stopwatch.StartNew();
        timedOut = !RunOnce(soffice, inputs, outputDirectory, profileDirectory, limit);
        var made = Made(inputs, outputDirectory);
        // A first start sometimes exits while LibreOffice sets up its new profile, having converted nothing: once more.
        if (!timedOut && made.All(m => m is null) && clock.Elapsed < limit / 2)
        {
            timedOut = !RunOnce(soffice, inputs, outputDirectory, profileDirectory, limit - clock.Elapsed);
            made = Made(inputs, outputDirectory);
        }
        return made;
    }

    private static List<string?> Made(IReadOnlyList<string> inputs, string outputDirectory) =>
        inputs.Select(i => Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(i) + ".pdf")).Select(p => File.Exists(p) && new FileInfo(p).Length > 0 ? p : null).ToList();

    /// <summary>False when the time limit killed it.</summary>
    private static bool RunOnce(string soffice, IReadOnlyList<string> inputs, string outputDirectory, string profileDirectory, TimeSpan limit)
    {
        var start = new ProcessStartInfo(soffice)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = outputDirectory,
        };
        start.ArgumentList.Add($"-env:UserInstallation={new Uri(Path.GetFullPath(profileDirectory) + "/").AbsoluteUri}");
        foreach (var a in new[] { "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nofirststartwizard", "--convert-to", "pdf", "--outdir", outputDirectory })
            start.ArgumentList.Add(a);
        foreach (var i in inputs) start.ArgumentList.Add(i);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return true;
        }
        process.StandardInput.Close();
        // Drained so a chatty LibreOffice never blocks on a full pipe.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        if (process.WaitForExit(limit > TimeSpan.Zero ? limit : TimeSpan.Zero)) return true;
        try { process.Kill(entireProcessTree: true); }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException) { }
        process.WaitForExit(5000);
        return false;
    }
}
