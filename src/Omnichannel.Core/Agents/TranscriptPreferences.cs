namespace Omnichannel.Agents;

/// <summary>An agent's "My account > Omnichannel" transcript preferences, applied whenever their conversations close.</summary>
/// <param name="AlwaysExportPdf">Always export the transcript as PDF at the end of conversations.</param>
/// <param name="AlwaysSendEmail">Always send the transcript to the contact by email at the end of conversations.</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct TranscriptPreferences(bool AlwaysExportPdf, bool AlwaysSendEmail);
