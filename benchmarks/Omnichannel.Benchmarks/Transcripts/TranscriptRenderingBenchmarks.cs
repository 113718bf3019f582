using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Transcripts;
using Omnichannel.Transcripts.Pdf;
using Omnichannel.Transcripts.Rendering;

namespace Omnichannel.Benchmarks.Transcripts;

/// <summary>
/// Transcript rendering at the sizes: HTML of a 10,000-message conversation (target at most 50 ms) and
/// PDF of a 1,000-message conversation (target at most 1 s), against plain text of the same 10,000 messages as the
/// baseline. Messages vary in length, and some hold markup and ampersands to exercise escaping.
/// </summary>
[MemoryDiagnoser]
public class TranscriptRenderingBenchmarks
{
    private static readonly string[] Texts =
    [
        "Hello, my invoice is wrong.",
        "Let me check that for you, one moment please.",
        "The amount is doubled: <b>84 EUR</b> instead of 42 & the date is wrong too.",
        "I have cancelled the duplicate; you will see the refund within three to five business days on your statement.",
        "Thanks!",
        "Could you also send me the corrected invoice by email? My colleague in accounting needs it before the end of the month, otherwise the payment run will pick up the wrong amount again.",
    ];

    private readonly PdfSharpTranscriptRenderer _pdfRenderer = new();
    private Transcript _tenThousand = null!;
    private Transcript _oneThousand = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sources = new TranscriptSources
        {
            Contact = new Contact { Id = new ContactId("carol"), Name = "Carol" },
            Department = new Department { Id = new DepartmentId("support"), Name = "Support" },
            Agents = [new Agent { Id = new AgentId("alice"), Username = "alice", DisplayName = "Alice Martin" }],
        };
        var settings = new TranscriptSettings { TimeZone = DateTimeZoneProviders.Tzdb["Europe/Paris"] };
        _tenThousand = Transcript.Create(Conversation(10_000, out var tenThousand), tenThousand, sources, settings, Instant.FromUtc(2024, 5, 2, 0, 0));
        _oneThousand = Transcript.Create(Conversation(1_000, out var oneThousand), oneThousand, sources, settings, Instant.FromUtc(2024, 5, 2, 0, 0));
        _pdfRenderer.Render(_oneThousand); // loads the embedded fonts once, as a running host would have
    }

    [Benchmark(Baseline = true, Description = "Plain text, 10,000 messages")]
    public string PlainText10000() => PlainTextTranscriptRenderer.Render(_tenThousand);

    [Benchmark(Description = "HTML, 10,000 messages")]
    public string Html10000() => HtmlTranscriptRenderer.Render(_tenThousand);

    [Benchmark(Description = "PDF, 1,000 messages")]
    public byte[] Pdf1000() => _pdfRenderer.Render(_oneThousand);

    private static Conversation Conversation(int messages, out ImmutableList<Message> log)
    {
        var start = Instant.FromUtc(2024, 5, 1, 8, 0);
        var list = ImmutableList.CreateBuilder<Message>();
        for (var i = 0; i < messages; i++)
        {
            var contact = i % 2 == 0;
            list.Add(new Message
            {
                Sequence = i + 1,
                AuthorKind = contact ? AuthorKind.Contact : AuthorKind.Agent,
                AuthorId = contact ? "carol" : "alice",
                Text = Texts[i % Texts.Length],
                SentAt = start + Duration.FromSeconds(i * 7),
                Attachments = i % 500 == 3 ? [new Attachment("screenshot.png", "image/png", 48_000, "https://files.example.com/screenshot.png")] : [],
            });
        }

        log = list.ToImmutable();
        return new Conversation
        {
            Id = new ConversationId($"benchmark-{messages}"),
            ContactId = new ContactId("carol"),
            DepartmentId = new DepartmentId("support"),
            State = ConversationState.Closed,
            PreviousAgentId = new AgentId("alice"),
            MessageCount = messages,
            CreatedAt = start,
            QueuedAt = start,
            FirstTakenAt = start + Duration.FromSeconds(20),
            ClosedAt = start + Duration.FromSeconds(messages * 7),
            Tags = ["billing"],
            ClosingComment = "Refunded.",
        };
    }
}
