namespace Shifan.Core;

/// <summary>
/// Why a request was refused: a Chinese message for the user and, when one input is at fault, the name of
/// that field as the API spells it. A plain message converts to a refusal without a field.
/// </summary>
public sealed record Refusal(string Message, string? Field = null)
{
    public static implicit operator Refusal(string message) => new(message);

    public override string ToString() => Message;
}

/// <summary>A request refused as invalid (400), with the field at fault when there is one; nothing was changed.</summary>
public sealed class RefusedException(Refusal refusal) : Exception(refusal.Message)
{
    public Refusal Refusal { get; } = refusal;
}

/// <summary>A request that cannot be done in the object's present state (409), e.g. deciding on material already decided.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>Turns a service's "no" into the outcome that Hosting/Outcomes answers once, for every surface.</summary>
public static class Refuse
{
    /// <summary>Throws when the service refused (a message, or a refusal naming its field); nothing was changed.</summary>
    public static void IfAny(Refusal? refusal)
    {
        if (refusal is not null) throw new RefusedException(refusal);
    }

    /// <inheritdoc cref="IfAny(Refusal?)"/>
    public static void IfAny(string? message)
    {
        if (message is not null) throw new RefusedException(new Refusal(message));
    }

    /// <summary>A refusal of one input, named as the API spells it (answered 400 with that field).</summary>
    public static RefusedException Field(string field, string message) => new(new Refusal(message, field));
}
