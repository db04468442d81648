using Shifan.Infrastructure.Persistence;

namespace Shifan.Hosting;

/// <summary>The signed-in user of the current request, or "system" outside a request.</summary>
public sealed class HttpActor(IHttpContextAccessor accessor) : ICurrentActor
{
    public string Name => accessor.HttpContext?.User.Identity?.Name ?? "system";
}
