namespace Omnichannel.Workspace.CannedResponses;

/// <summary>
/// A canned-response write was refused because another canned response already has the shortcut (shortcuts are
/// unique across every scope, ignoring letter case). Nothing was written.
/// </summary>
/// <remarks>Instances are not shared between threads by the library.</remarks>
public sealed class DuplicateShortcutException : Exception
{
    /// <summary>Creates the exception for a taken shortcut.</summary>
    /// <param name="shortcut">The shortcut written.</param>
    /// <param name="existing">The canned response that has it.</param>
    public DuplicateShortcutException(string shortcut, CannedResponseId existing)
        : base($"The shortcut '!{shortcut}' is already used by canned response '{existing}'; shortcuts are unique across public, department and private responses.")
    {
        Shortcut = shortcut;
        ExistingId = existing;
    }

    /// <summary>Creates the exception.</summary>
    public DuplicateShortcutException()
        : base("The shortcut is already used by another canned response.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DuplicateShortcutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DuplicateShortcutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The shortcut written; null when created from a plain message.</summary>
    public string? Shortcut { get; }

    /// <summary>The canned response that has the shortcut; null when created from a plain message.</summary>
    public CannedResponseId? ExistingId { get; }
}
