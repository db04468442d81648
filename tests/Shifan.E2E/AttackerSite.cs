using System.Net;
using System.Text;
using Shifan.TestSupport;

namespace Shifan.E2E;

/// <summary>
/// A hostile site on another port of the same host (127.0.0.1): it serves the pages given to it, as
/// any other service on the machine could. Cookies are not scoped by port and SameSite does not
/// separate ports, so the browser sends the app's cookie with what these pages send.
/// </summary>
public sealed class AttackerSite : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, string> pages = [];

    public string BaseUrl { get; }

    public AttackerSite()
    {
        BaseUrl = $"http://127.0.0.1:{PostgresServer.FreePort()}";
        listener.Prefixes.Add(BaseUrl + "/");
        listener.Start();
        _ = ServeAsync();
    }

    public string Add(string path, string html)
    {
        lock (pages) pages[path] = html;
        return BaseUrl + path;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await listener.GetContextAsync(); }
            catch (Exception) { return; }
            string? html;
            lock (pages) pages.TryGetValue(ctx.Request.Url!.AbsolutePath, out html);
            ctx.Response.StatusCode = html is null ? 404 : 200;
            ctx.Response.ContentType = "text/html; charset=utf-8";
            var bytes = Encoding.UTF8.GetBytes(html ?? "not found");
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
    }
}
