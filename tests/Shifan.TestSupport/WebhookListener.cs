using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Shifan.TestSupport;

/// <summary>
/// A local stand-in for a 企业微信 / 钉钉 group robot: an HttpListener on a free 127.0.0.1 port that records
/// every request and answers like the robots do (<c>{"errcode":0,"errmsg":"ok"}</c>), or with queued failures.
/// </summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly ConcurrentQueue<(int Status, string Body)> answers = new();

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/robot/send?access_token=test-token";
    public ConcurrentQueue<(string PathAndQuery, string Body)> Received { get; } = new();

    public WebhookListener()
    {
        Port = PostgresServer.FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    /// <summary>The next requests get these answers, in order; afterwards success again.</summary>
    public void ThenAnswer(int status, string body) => answers.Enqueue((status, body));

    public async Task<IReadOnlyList<(string PathAndQuery, string Body)>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Received.Count < count && DateTime.UtcNow < until) await Task.Delay(100);
        return Received.ToList();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var (status, answer) = answers.TryDequeue(out var a) ? a : (200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
            Received.Enqueue((ctx.Request.Url!.PathAndQuery, body));
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json; charset=utf-8";
            var bytes = Encoding.UTF8.GetBytes(answer);
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try { await loop; } catch (ObjectDisposedException) { }
    }
}
