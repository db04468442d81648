using System.Diagnostics;

namespace Shifan.TestSupport;

/// <summary>Renders a document to PDF with LibreOffice, as a user's office suite would open it.</summary>
public static class LibreOffice
{
    public static string Require()
    {
        foreach (var candidate in new[] { "/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/lib/libreoffice/program/soffice" })
            if (File.Exists(candidate)) return candidate;
        const string reason = "LibreOffice (soffice) is not installed";
        if (Environment.GetEnvironmentVariable("SHIFAN_REQUIRE_TOOLS") == "1") throw new InvalidOperationException(reason);
        Assert.Skip(reason);
        return "";
    }

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Converts, retrying once: a first start of LibreOffice on a new machine sometimes exits while it sets up its profile.</summary>
    public static Task<string> ConvertToPdfAsync(string input, string outputDirectory) => ConvertAsync(input, outputDirectory, "pdf");

    /// <summary>Converts to another format LibreOffice writes (<c>pdf</c>, <c>html</c>), retrying once as <see cref="ConvertToPdfAsync"/>.</summary>
    public static async Task<string> ConvertAsync(string input, string outputDirectory, string format)
    {
        try
        {
            return await ConvertOnceAsync(input, outputDirectory, format);
        }
        catch (InvalidOperationException)
        {
            return await ConvertOnceAsync(input, outputDirectory, format);
        }
    }

    private static async Task<string> ConvertOnceAsync(string input, string outputDirectory, string format)
    {
        var soffice = Require();
        var profile = Path.Combine(Path.GetTempPath(), "shifan-lo-" + Guid.NewGuid().ToString("N"));
        await OneAtATime.WaitAsync();
        try
        {
            var psi = new ProcessStartInfo(soffice)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                ArgumentList = { $"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", format, "--outdir", outputDirectory, input },
            };
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = await p.StandardOutput.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await p.WaitForExitAsync(cts.Token);
            var pdf = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(input) + "." + format);
            if (p.ExitCode != 0 || !File.Exists(pdf)) throw new InvalidOperationException($"LibreOffice could not render {input} (exit {p.ExitCode}): {await stderr} {stdout}");
            return pdf;
        }
        finally
        {
            OneAtATime.Release();
            try { Directory.Delete(profile, true); } catch (IOException) { }
        }
    }
}
