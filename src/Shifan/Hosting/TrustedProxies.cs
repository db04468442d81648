using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Shifan.Hosting;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed only from the reverse proxies named in
/// Shifan:KnownProxies (addresses or networks, comma-separated, e.g. "127.0.0.1, 10.0.0.0/24"), so
/// cookies get Secure behind TLS, and rate limits and the login log see the real client. Without the
/// setting no forwarded header is read. The Host header is never taken from X-Forwarded-Host: the proxy
/// must pass it on (proxy_set_header Host $host).
/// </summary>
public static class TrustedProxies
{
    public const string Setting = "Shifan:KnownProxies";

    /// <summary>Parses the setting; throws a <see cref="StartupException"/> naming the bad entry.</summary>
    public static (List<IPAddress> Proxies, List<System.Net.IPNetwork> Networks) Parse(string? setting)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in (setting ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) proxies.Add(address);
            else throw new StartupException($"{Setting} 中的“{entry}”不是有效的IP地址或网段");
        }
        return (proxies, networks);
    }

    public static void AddTrustedProxies(this IServiceCollection services, string? setting)
    {
        var (proxies, networks) = Parse(setting);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Empty lists would make the middleware trust every sender: with no proxy configured, read nothing.
            o.ForwardedHeaders = proxies.Count + networks.Count > 0 ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in proxies) o.KnownProxies.Add(p);
            foreach (var n in networks) o.KnownIPNetworks.Add(n);
            // One proxy in front: take the last address it appended, never what the client wrote before it.
            o.ForwardLimit = 1;
        });
    }
}
