// A host that installed the Omnichannel packages from a feed, as an integrator would: wired with DI, one
// conversation received, routed, answered and closed, and its transcript rendered. The packaging test builds it
// against the packed packages (never the projects) and checks the last line. Each shipped package is used here.
using Microsoft.Extensions.DependencyInjection;
using Omnichannel;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Routing;
using Omnichannel.Storage;
using Omnichannel.Testing;
using Omnichannel.Transcripts;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Mail;
using Omnichannel.Transcripts.Pdf;
using Omnichannel.Transcripts.Rendering;

await using var services = new ServiceCollection()
    .AddSingleton<IConversationIdGenerator>(new SequentialConversationIdGenerator("c-"))  // Omnichannel.Testing
    .AddOmnichannel()                                                                      // Omnichannel.Core
    .AddOmnichannelWorkspace()                                                             // Omnichannel.Workspace
    .AddOmnichannelRouting(r => r.UseLeastBusy())                                          // Omnichannel.Routing
    .AddOmnichannelTranscripts()                                                           // Omnichannel.Transcripts
    .AddOmnichannelPdfTranscripts()                                                        // Omnichannel.Transcripts.Pdf
    .AddOmnichannelSmtpTranscripts(o =>                                                    // Omnichannel.Transcripts.Mail
    {
        o.Host = "smtp.example.invalid";
        o.FromAddress = "support@example.com";
    })
    .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

var support = new DepartmentId("support");
var alice = new AgentId("alice");
var carol = new ContactId("carol");
(await services.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = support, Name = "Support" })).GetValueOrThrow();
(await services.GetRequiredService<IAgentService>().RegisterAsync(
    new Agent { Id = alice, Username = "alice", DisplayName = "Alice", Departments = [support], Status = AgentStatus.Available })).GetValueOrThrow();
await services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = carol, Name = "Carol" }, CancellationToken.None);

var conversations = services.GetRequiredService<IConversationService>();
var received = (await conversations.ReceiveContactMessageAsync(carol, support, "Hello, my invoice is wrong.")).GetValueOrThrow();
await services.GetRequiredService<IRoutingService>().DispatchAsync();
var routed = await conversations.GetAsync(received.Id) ?? throw new InvalidOperationException($"Conversation {received.Id} is gone.");
if (routed.State != ConversationState.Taken || routed.ServingAgentId != alice)
{
    throw new InvalidOperationException($"Routing did not assign {received.Id} to alice: it is {routed.State}, served by {routed.ServingAgentId}.");
}

(await conversations.PostAgentMessageAsync(received.Id, alice, "Fixed: the duplicate is cancelled.")).GetValueOrThrow();
(await conversations.CloseAsync(received.Id, Actor.Agent(alice), new CloseRequest { Comment = "Refunded" })).GetValueOrThrow();

var transcript = (await services.GetRequiredService<ITranscriptService>().GetTranscriptAsync(received.Id)).GetValueOrThrow();
var text = PlainTextTranscriptRenderer.Render(transcript);
Console.Write(text);
var pdf = new PdfSharpTranscriptRenderer().Render(transcript);
var mailer = services.GetRequiredService<ITranscriptEmailSender>();
Console.WriteLine($"pdf: {pdf.Length} bytes, starts with {System.Text.Encoding.ASCII.GetString(pdf, 0, 5)}; email sender: {mailer.GetType().Name}");
Console.WriteLine($"CONSUMER OK: {received.Id} routed to {routed.ServingAgentId}, closed, transcript of {transcript.Entries.Length} messages");
