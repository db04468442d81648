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
