namespace Shifan.Features.Notifications;

/// <summary>
/// The one way features tell people something. Stores an in-app notification per recipient and queues its
/// e-mail and group-robot deliveries in the outbox; never sends during the call, so it never blocks a request
/// on a mail server. Each call uses its own database context: the caller's pending changes are not saved.
/// </summary>
public interface INotifier
{
    /// <summary>Notifies the given users (disabled accounts are skipped); returns how many were newly notified (0 when all had it already).</summary>
    Task<int> NotifyAsync(IReadOnlyCollection<int> userIds, NotificationMessage message, CancellationToken ct = default);

    /// <summary>Notifies the users of a unit who hold one of the roles (e.g. <see cref="Core.Users.Roles.Liaison"/>, <see cref="Core.Users.Roles.UnitHead"/>).</summary>
    Task<int> NotifyUnitAsync(int unitId, IReadOnlyCollection<string> roles, NotificationMessage message, CancellationToken ct = default);
}
