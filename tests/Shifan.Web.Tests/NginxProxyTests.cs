using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shifan.Core.Users;
using Shifan.Features.Account;
using Shifan.TestSupport;

namespace Shifan.Web.Tests;

/// <summary>
/// Debian's nginx in front of the app, configured as docs/deployment-nginx.md says (without TLS): the
/// client's address reaches the login log through X-Forwarded-For, a forged header from anyone but the
/// proxy is ignored, and a 200 MB upload streams through with the documented body limit.
/// </summary>
public sealed class NginxProxyTests
{
    private const string Nginx = "/usr/sbin/nginx";

    private static void RequireNginx()
    {
        if (File.Exists(Nginx)) return;
        const string reason = "nginx not installed at /usr/sbin/nginx (apt-get install nginx; bash .ci/run installs it)";
        if (Environment.GetEnvironmentVariable("SHIFAN_REQUIRE_TOOLS") == "1") throw new InvalidOperationException(reason);
        Assert.Skip(reason);
    }

    /// <summary>An HTTP client whose connections leave from <paramref name="source"/> (any 127.x address is loopback on Linux), so it is not the proxy.</summary>
    private static HttpClient ClientFrom(string source, string baseUrl) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>nginx in the foreground with its own prefix, pid and temp folders, so no root-owned path is touched.</summary>
    private sealed class NginxProcess : IAsyncDisposable
    {
        private readonly Process process;
        public int Port { get; }
        public string ErrorLog { get; }

        public NginxProcess(string dir, int appPort)
        {
            Port = PostgresServer.FreePort();
            ErrorLog = Path.Combine(dir, "error.log");
            foreach (var d in new[] { "body", "proxy", "fastcgi", "uwsgi", "scgi" }) Directory.CreateDirectory(Path.Combine(dir, d));
            var user = Environment.UserName == "root" ? "user root;" : "";
            var config = $$"""
                {{user}}
                worker_processes 1;
                daemon off;
                pid {{dir}}/nginx.pid;
                error_log {{ErrorLog}} warn;
                events { worker_connections 64; }
                http {
                    access_log {{dir}}/access.log;
                    client_body_temp_path {{dir}}/body;
                    proxy_temp_path {{dir}}/proxy;
                    fastcgi_temp_path {{dir}}/fastcgi;
                    uwsgi_temp_path {{dir}}/uwsgi;
                    scgi_temp_path {{dir}}/scgi;
                    server {
                        listen 127.0.0.1:{{Port}};
                        # As in docs/deployment-nginx.md:
                        client_max_body_size 4200m;
                        proxy_request_buffering off;
                        proxy_read_timeout 600s;
                        proxy_send_timeout 600s;
                        location / {
                            proxy_pass http://127.0.0.1:{{appPort}};
                            proxy_http_version 1.1;
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $remote_addr;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_set_header Connection "";
                        }
                    }
                }
                """;
            var file = Path.Combine(dir, "nginx.conf");
            File.WriteAllText(file, config);
            process = Process.Start(new ProcessStartInfo(Nginx) { ArgumentList = { "-p", dir, "-c", file }, RedirectStandardError = true, RedirectStandardOutput = true })!;
        }

        public async Task WaitAsync()
        {
            for (var i = 0; i < 100; i++)
            {
                if (process.HasExited) throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()} {File.ReadAllText(ErrorLog)}");
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException) { await Task.Delay(100); }
            }
            throw new TimeoutException("nginx did not listen");
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }

    /// <summary>A request body of generated bytes sent without a length (Transfer-Encoding: chunked), hashed as it goes.</summary>
    private sealed class GeneratedContent(long size, IncrementalHash hash) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var buffer = new byte[1 << 20];
            // An MP4 header (the type sniffer accepts it as video), then a repeating pattern.
            "\0\0\0\u0020ftypisom"u8.ToArray().CopyTo(buffer, 0);
            for (var i = 12; i < buffer.Length; i++) buffer[i] = (byte)(i * 31 % 251);
            for (long sent = 0; sent < size;)
            {
                var n = (int)Math.Min(buffer.Length, size - sent);
                hash.AppendData(buffer, 0, n);
                await stream.WriteAsync(buffer.AsMemory(0, n));
                sent += n;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task SignInUploadsAndClientAddressesWorkThroughNginx()
    {
        RequireNginx();
        await using var app = new ShifanApp("sqlite", new Dictionary<string, string> { ["Shifan:KnownProxies"] = "127.0.0.1" });
        var appPort = PostgresServer.FreePort();
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, appPort));
        app.StartServer();
        var campaign = await app.DemoCampaignIdAsync();
        await app.CreateUserAsync("liaison1", Roles.Liaison, "行政审批科");
        using var dir = new TempDirectory();
        await using var nginx = new NginxProcess(dir.Path, appPort);
        await nginx.WaitAsync();
        var proxied = $"http://127.0.0.1:{nginx.Port}";

        // Sign-in on the page through nginx from 127.0.0.3, with a forged header that nginx overwrites.
        using var browser = ClientFrom("127.0.0.3", proxied);
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var signedIn = await ShifanApp.PostFormAsync(browser, "/login", "login", new() { ["Input.UserName"] = "liaison1", ["Input.Password"] = ShifanApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal("127.0.0.3", await app.WithDbAsync(db => db.LoginRecords.OrderByDescending(r => r.Id).Select(r => r.Ip).FirstAsync()));
        Assert.Equal("127.0.0.3", await app.WithDbAsync(db => db.UserSessions.OrderByDescending(s => s.CreatedAt).Select(s => s.Ip).FirstAsync()));

        // Straight to the app from 127.0.0.2 (not the proxy): the forged header is ignored.
        using var direct = ClientFrom("127.0.0.2", $"http://127.0.0.1:{appPort}");
        direct.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var login = await direct.PostAsJsonAsync("/api/auth/login", new { userName = "liaison1", password = ShifanApp.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("127.0.0.2", await app.WithDbAsync(db => db.LoginRecords.OrderByDescending(r => r.Id).Select(r => r.Ip).FirstAsync()));

        // A 200 MB file in one request, chunked, through nginx (client_max_body_size 4200m, no request buffering).
        using var api = ClientFrom("127.0.0.4", proxied);
        var token = await (await api.PostAsJsonAsync("/api/auth/login", new { userName = "liaison1", password = ShifanApp.Password })).Content.ReadFromJsonAsync<LoginResponse>();
        Assert.Equal("127.0.0.4", await app.WithDbAsync(db => db.LoginRecords.OrderByDescending(r => r.Id).Select(r => r.Ip).FirstAsync()));
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.Token);
        const long size = 200L * 1024 * 1024;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var file = new GeneratedContent(size, hash);
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var form = new MultipartFormDataContent { { file, "file", "汇报录像.mp4" } };
        var clock = Stopwatch.StartNew();
        var upload = await api.PostAsync(Uploads.Url(campaign), form);
        clock.Stop();
        Assert.True(upload.StatusCode == HttpStatusCode.Created || upload.StatusCode == HttpStatusCode.OK,
            $"{(int)upload.StatusCode} {await upload.Content.ReadAsStringAsync()} {File.ReadAllText(nginx.ErrorLog)}");
        var stored = await app.WithDbAsync(db => db.EvidenceVersions.OrderByDescending(v => v.Id).FirstAsync());
        Assert.Equal(size, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(hash.GetHashAndReset()), stored.Sha256.ToLowerInvariant());
        Assert.Equal("mp4", stored.DetectedType);
        TestContext.Current.TestOutputHelper?.WriteLine($"200 MB through nginx in {clock.Elapsed.TotalSeconds:F1} s");
        // The request bodies were streamed, not spooled: nginx wrote nothing to its body folder.
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "body"), "*", SearchOption.AllDirectories));
    }
}
