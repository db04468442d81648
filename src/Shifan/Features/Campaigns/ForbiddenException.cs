namespace Shifan.Features.Campaigns;

/// <summary>The caller is known but lacks the right for this action: 403 with a Chinese message (pages show 无权限).</summary>
public sealed class ForbiddenException(string message = "没有权限") : Exception(message);
