using System.Text.Json.Serialization;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>Source-generated JSON for job payloads: no reflection, stable field names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(EmailRequestPayload))]
[JsonSerializable(typeof(EmailRequestCancellationPayload))]
[JsonSerializable(typeof(EmailJobPayload))]
[JsonSerializable(typeof(PdfJobPayload))]
[JsonSerializable(typeof(FailureNoticePayload))]
internal sealed partial class TranscriptJobJson : JsonSerializerContext;
