using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Core.Tests.BadInput;
using Omnichannel.Testing.Transcripts;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Rendering;
using Omnichannel.Transcripts.Tests.Support;

using static Omnichannel.Core.Tests.BadInput.HostileOperations;
using static Omnichannel.Core.Tests.BadInput.HostileValues;

namespace Omnichannel.Transcripts.Tests.BadInput;

/// <summary>
/// The hostile-input property test for the transcript service, and for Core's operations again with transcripts
/// registered: whatever an operation accepted must still render as a transcript (text and HTML) and go through the
/// delivery worker without an exception, so no stored data can block a conversation's transcript for ever.
/// </summary>
public sealed class HostileTranscriptInputTests
{
    private static readonly Dictionary<string, Gen<HostileCall>> TranscriptOperations = new(StringComparer.Ordinal)
    {
        ["ITranscriptService.RequestEmailAsync"] =
            from conversation in ConversationIds from requester in Actors
            from address in Gen.OneOf(Texts, Of(("carol@example.com", "valid address"), ("Carol <carol@example.com>", "display name"), ("a@b", "no dot")))
            from subject in Gen.OneOf(Texts, Of(((string)null!, "no subject")))
            select Call($"RequestEmail({conversation}, {requester}, {address}, {subject})", w => Transcripts(w).RequestEmailAsync(conversation.Value, requester.Value, address.Value, subject.Value)),
        ["ITranscriptService.CancelEmailRequestAsync"] =
            from conversation in ConversationIds from actor in Actors
            select Call($"CancelEmailRequest({conversation}, {actor})", w => Transcripts(w).CancelEmailRequestAsync(conversation.Value, actor.Value)),
        ["ITranscriptService.GetPendingEmailRequestAsync"] =
            from conversation in ConversationIds select Read($"GetPendingEmailRequest({conversation})", w => Transcripts(w).GetPendingEmailRequestAsync(conversation.Value)),
        ["ITranscriptService.RequestPdfAsync"] =
            from conversation in ConversationIds from agent in AgentIds
            select Call($"RequestPdf({conversation}, {agent})", w => Transcripts(w).RequestPdfAsync(conversation.Value, agent.Value)),
        ["ITranscriptService.EmailClosedTranscriptAsync"] =
            from conversation in ConversationIds from requester in Actors
            from address in Gen.OneOf(Texts, Of(("carol@example.com", "valid address"), ("Carol <carol@example.com>", "display name"), ("a@b", "no dot")))
            from subject in Gen.OneOf(Texts, Of(((string)null!, "no subject")))
            select Call($"EmailClosedTranscript({conversation}, {requester}, {address}, {subject})", w => Transcripts(w).EmailClosedTranscriptAsync(conversation.Value, requester.Value, address.Value, subject.Value)),
        ["ITranscriptService.GetTranscriptAsync"] =
            from conversation in ConversationIds select Read($"GetTranscript({conversation})", w => Transcripts(w).GetTranscriptAsync(conversation.Value)),
    };

    public static TheoryData<string> TranscriptOperationNames => [.. TranscriptOperations.Keys];

    public static TheoryData<string> CoreOperationNames => [.. All.Keys];

    [Theory]
    [MemberData(nameof(TranscriptOperationNames))]
    public void Hostile_arguments_to_the_transcript_service_are_refused_cleanly_and_refusals_write_nothing(string operation) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(80).WithQuietOnSuccess(true),
            Prop.ForAll(Arb.From(TranscriptOperations[operation]), call => HostileCheck.RunAsync(call, WithTranscripts, RenderAndDeliverAsync).GetAwaiter().GetResult()));

    [Theory]
    [MemberData(nameof(CoreOperationNames))]
    public void Whatever_a_core_operation_accepts_still_renders_and_delivers(string operation) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(15).WithQuietOnSuccess(true),
            Prop.ForAll(Arb.From(All[operation]), call => HostileCheck.RunAsync(call, WithTranscripts, RenderAndDeliverAsync).GetAwaiter().GetResult()));

    [Fact]
    public void Every_public_operation_of_the_transcript_service_is_covered()
    {
        var missing = typeof(ITranscriptService).GetMethods().Select(m => $"{nameof(ITranscriptService)}.{m.Name}").Where(name => !TranscriptOperations.ContainsKey(name)).ToList();

        Assert.Equal([], missing);
    }

    private static ITranscriptService Transcripts(HostileWorld world) => world.Get<ITranscriptService>();

    private static void WithTranscripts(IServiceCollection services) => services
        .AddSingleton<ITranscriptEmailSender>(new InMemoryTranscriptEmailSender())
        .AddSingleton<ITranscriptDirectMessageSender>(new InMemoryTranscriptDirectMessageSender())
        .AddSingleton<ITranscriptPdfRenderer, FakePdfRenderer>()
        .AddOmnichannelTranscripts();

    /// <summary>Renders every conversation's transcript, closes the open ones with every transcript delivery, and runs the worker.</summary>
    private static async Task RenderAndDeliverAsync(HostileWorld world)
    {
        foreach (var conversation in await world.AllConversationsAsync())
        {
            var transcript = await Transcripts(world).GetTranscriptAsync(conversation.Id);
            _ = PlainTextTranscriptRenderer.Render(transcript.GetValueOrThrow());
            AssertNoMarkupInjected(HtmlTranscriptRenderer.Render(transcript.Value!));
            if (conversation.IsOpen)
            {
                _ = await world.Conversations.CloseAsync(conversation.Id, Conversations.Actor.System, new Omnichannel.Conversations.CloseRequest { Transcript = new(ExportPdf: true, SendEmail: true) });
            }
        }

        await world.Get<TranscriptDeliveryWorker>().RunUntilIdleAsync();
        foreach (var email in world.Get<ITranscriptEmailSender>() is InMemoryTranscriptEmailSender sender ? sender.Sent : [])
        {
            AssertNoHeaderInjected(email);
            AssertNoMarkupInjected(email.HtmlBody);
        }
    }

    /// <summary>
    /// Hostile text (script tags, javascript: references, quotes that would close an attribute) reaches the HTML only escaped:
    /// no element but the renderer's own, no attribute that runs script, every image source an http(s) address.
    /// </summary>
    private static void AssertNoMarkupInjected(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        foreach (System.Text.RegularExpressions.Match tag in System.Text.RegularExpressions.Regex.Matches(html, "<[a-zA-Z][^>]*>"))
        {
            // Attribute values are quoted and their quotes escaped, so text inside a value ("... onerror=..." in an alt text)
            // is inert; an attribute that runs script is one outside every quoted value.
            var outsideValues = System.Text.RegularExpressions.Regex.Replace(tag.Value, "\"[^\"]*\"", "\"\"");
            Assert.DoesNotMatch(@"\son\w*\s*=", outsideValues);
            foreach (System.Text.RegularExpressions.Match reference in System.Text.RegularExpressions.Regex.Matches(tag.Value, "\\s(?:href|src|action|formaction)\\s*=\\s*\"([^\"]*)\""))
            {
                Assert.DoesNotContain("javascript:", reference.Groups[1].Value, StringComparison.OrdinalIgnoreCase);
            }
        }

        foreach (var source in html.Split("<img src=\"").Skip(1).Select(rest => rest[..rest.IndexOf('"', StringComparison.Ordinal)]))
        {
            Assert.True(source.StartsWith("https://", StringComparison.Ordinal) || source.StartsWith("http://", StringComparison.Ordinal), $"An image source is not an http(s) address: {source}");
        }
    }

    /// <summary>A transcript email's headers are single lines: no CR, LF or other control character in the subject, one bare address.</summary>
    private static void AssertNoHeaderInjected(TranscriptEmail email)
    {
        Assert.False(email.Subject.Any(char.IsControl), $"The subject holds a control character: {email.Subject}");
        Assert.False(email.To.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is ',' or ';' or '<' or '>'), $"The address is not one bare address: {email.To}");
        Assert.Single(email.To.Split('@').Skip(1));
    }
}
