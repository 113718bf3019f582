namespace Omnichannel.Conversations;

/// <summary>A file attached to a message. The host stores the bytes; the library keeps this description.</summary>
/// <param name="FileName">The file's name as uploaded, without its folder: no '/' or '\', not '.' or '..' (a path is refused).</param>
/// <param name="MediaType">The MIME type, for example <c>image/png</c>.</param>
/// <param name="SizeBytes">The size in bytes.</param>
/// <param name="StorageReference">The host's reference to the bytes (a URL, a blob key).</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record Attachment(string FileName, string MediaType, long SizeBytes, string StorageReference);
