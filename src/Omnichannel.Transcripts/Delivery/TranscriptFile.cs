namespace Omnichannel.Transcripts.Delivery;

/// <summary>A file sent with a transcript: the PDF attached to an email or a direct message.</summary>
/// <param name="FileName">The file's name, for example <c>transcript-c-42.pdf</c>.</param>
/// <param name="MediaType">The MIME type, for example <c>application/pdf</c>.</param>
/// <param name="Content">The file's bytes.</param>
/// <remarks>This type is immutable and thread-safe as long as the bytes are not changed.</remarks>
public sealed record TranscriptFile(string FileName, string MediaType, ReadOnlyMemory<byte> Content);
