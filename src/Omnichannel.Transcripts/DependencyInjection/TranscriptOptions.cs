using NodaTime;

namespace Omnichannel.Transcripts.DependencyInjection;

/// <summary>Settings of transcripts and their delivery. Validated when the services are first resolved.</summary>
/// <remarks>Configure before start-up; not thread-safe to change afterwards.</remarks>
public sealed class TranscriptOptions
{
    /// <summary>The bot user's name when none is configured: "Rocket.Cat", as in the guide.</summary>
    public const string DefaultBotName = "Rocket.Cat";

    /// <summary>
    /// The bot user who sends PDF transcripts (as direct messages at close, within the conversation afterwards) and delivery
    /// notices; the direct-message port receives it as <see cref="Delivery.TranscriptDirectMessage.Sender"/>, and bot messages in a
    /// conversation's log carry it as author. Default: "Rocket.Cat". One line, at most 200 characters.
    /// </summary>
    public string BotName { get; set; } = DefaultBotName;

    /// <summary>The time zone transcripts show dates and times in. Default: UTC.</summary>
    public DateTimeZone TimeZone { get; set; } = DateTimeZone.Utc;

    /// <summary>Whether transcripts name the agents; when false every agent appears as "Agent". Default: true.</summary>
    public bool ShowAgentNames { get; set; } = true;

    /// <summary>Whether transcripts include system messages (transfers, holds). Default: false.</summary>
    public bool IncludeSystemMessages { get; set; }

    /// <summary>Whether transcripts include call start and end (system messages of calls) even without <see cref="IncludeSystemMessages"/>. Default: true.</summary>
    public bool IncludeCallMessages { get; set; } = true;

    /// <summary>The subject of transcript emails requested without one, and of those sent by the close option. Default: "Transcript of your conversation". One line, at most <see cref="MaxEmailSubjectLength"/> characters.</summary>
    public string DefaultEmailSubject { get; set; } = "Transcript of your conversation";

    /// <summary>The longest subject accepted in an email request, in characters. Default: 200. 1 to 998 (the longest line mail allows).</summary>
    public int MaxEmailSubjectLength { get; set; } = 200;

    /// <summary>Whether transcript emails carry the PDF too (needs a PDF renderer). Default: false.</summary>
    public bool AttachPdfToEmail { get; set; }

    /// <summary>How many times a delivery is tried before the requester is told it failed. Default: 6. 1 to 100.</summary>
    public int MaxDeliveryAttempts { get; set; } = 6;

    /// <summary>The wait before the first retry; it doubles at each retry up to <see cref="MaxRetryDelay"/>. Default: 30 seconds. Positive.</summary>
    public Duration InitialRetryDelay { get; set; } = Duration.FromSeconds(30);

    /// <summary>The longest wait between retries. Default: 1 hour. At least <see cref="InitialRetryDelay"/>.</summary>
    public Duration MaxRetryDelay { get; set; } = Duration.FromHours(1);

    /// <summary>
    /// How long a worker owns a job it leased; another worker may take it afterwards (the first is presumed dead).
    /// Must exceed the longest delivery, or a slow delivery could be sent twice. Default: 5 minutes. Positive.
    /// </summary>
    public Duration LeaseDuration { get; set; } = Duration.FromMinutes(5);

    /// <summary>
    /// How many times the worker tries to record a job's outcome (delivered, retry later, failed) when the store fails,
    /// before it gives up until the job's lease expires. Recording is retried on its own: a send is never repeated, nor
    /// counted as failed, because its record failed. Default: 5. 1 to 20.
    /// </summary>
    public int MaxRecordAttempts { get; set; } = 5;

    /// <summary>
    /// The wait before the first retry of a failed record; it doubles at each retry. All the waits together must stay under
    /// half of <see cref="LeaseDuration"/>, so that the job is still leased when its outcome is recorded. Default: 200 ms. Positive.
    /// </summary>
    public Duration InitialRecordRetryDelay { get; set; } = Duration.FromMilliseconds(200);

    /// <summary>
    /// Whether the hosted service registered by <c>AddOmnichannelTranscripts</c> runs the delivery worker in the background
    /// of a generic host (<c>IHost</c>). Turn it off only when deliveries run elsewhere (a dedicated process) or when you
    /// drive <c>TranscriptDeliveryWorker</c> yourself. Default: true.
    /// </summary>
    public bool RunWorkerInBackground { get; set; } = true;

    /// <summary>How long <c>TranscriptDeliveryWorker.RunAsync</c> waits when no job is due. Default: 5 seconds. Positive.</summary>
    public Duration PollInterval { get; set; } = Duration.FromSeconds(5);

    /// <summary>The worker's name, recorded as lease owner; unique per process. Default: machine name, process id and a random suffix.</summary>
    public string WorkerName { get; set; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The transcript settings these options describe.</summary>
    public TranscriptSettings Settings => new() { TimeZone = TimeZone, ShowAgentNames = ShowAgentNames, IncludeSystemMessages = IncludeSystemMessages, IncludeCallMessages = IncludeCallMessages };
}
