using System.Diagnostics;

namespace Shifan.TestSupport;

/// <summary>Prints a web page to PDF with the machine's Chromium, as a user does with 打印 → 另存为PDF (Skia writes the PDF).</summary>
public static class ChromiumPrint
{
    public static string Require()
    {
        var path = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (File.Exists(path)) return path;
        var reason = $"Chromium is not installed ({path})";
        if (Environment.GetEnvironmentVariable("SHIFAN_REQUIRE_TOOLS") == "1") throw new InvalidOperationException(reason);
        Assert.Skip(reason);
        return "";
    }

    /// <summary>Prints <paramref name="html"/> to <paramref name="pdf"/> with the browser's own header and footer (date, title, address, "1/27").</summary>
    public static async Task PrintAsync(string html, string pdf)
    {
        var chromium = Require();
        var profile = Path.Combine(Path.GetTempPath(), "shifan-chromium-" + Guid.NewGuid().ToString("N"));
        try
        {
            var psi = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={profile}", $"--print-to-pdf={pdf}", new Uri(html).AbsoluteUri },
            };
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await p.WaitForExitAsync(cts.Token);
            if (p.ExitCode != 0 || !File.Exists(pdf)) throw new InvalidOperationException($"Chromium could not print {html} (exit {p.ExitCode}): {await stderr} {await stdout}");
        }
        finally
        {
            try { Directory.Delete(profile, true); } catch (IOException) { }
        }
    }
}
