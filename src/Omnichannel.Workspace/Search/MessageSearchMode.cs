namespace Omnichannel.Workspace.Search;

/// <summary>How the text of a <see cref="MessageSearchQuery"/> is read.</summary>
public enum MessageSearchMode
{
    /// <summary>Literal text, found ignoring letter case.</summary>
    PlainText = 0,

    /// <summary>A .NET regular expression (for example <c>error\d{3}</c>), matched ignoring letter case unless the pattern says <c>(?-i)</c>.</summary>
    RegularExpression = 1,
}
