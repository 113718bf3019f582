// The seed's story in one screen: a contact writes, an agent takes the conversation, forwards it,
// the colleague puts it on hold, the contact writes again (it resumes), and the agent closes it.
// In memory by default; `-- --sqlite [FILE]` stores everything in a SQLite file (a temporary one unless FILE is
// given) and reads the conversation back from the file through a second container at the end.
using Microsoft.Extensions.DependencyInjection;
using Omnichannel;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Quickstart;
using Omnichannel.Storage;

var database = QuickstartDatabase.FromArguments(args);
ServiceProvider Build(bool withPublisher)
{
    var collection = new ServiceCollection().AddOmnichannel();
    if (withPublisher)
    {
        collection.AddSingleton<IDomainEventPublisher, ConsoleEventPublisher>();
    }

    if (database is not null)
    {
        collection.AddOmnichannelSqlite($"Data Source={database.Path}");
    }

    return collection.BuildServiceProvider();
}

var services = Build(withPublisher: true);

var departments = services.GetRequiredService<IDepartmentService>();
var agents = services.GetRequiredService<IAgentService>();
var contacts = services.GetRequiredService<IContactStore>();
var conversations = services.GetRequiredService<IConversationService>();

var support = new DepartmentId("support");
(await departments.SaveAsync(new Department { Id = support, Name = "Support", MaxChatsPerAgent = 3, RequireTagsOnClose = true, ClosingTags = ["billing", "bug"] })).GetValueOrThrow();
var alice = new AgentId("alice");
var bob = new AgentId("bob");
(await agents.RegisterAsync(new Agent { Id = alice, Username = "alice", DisplayName = "Alice Martin", Departments = [support], Status = AgentStatus.Available })).GetValueOrThrow();
(await agents.RegisterAsync(new Agent { Id = bob, Username = "bob", DisplayName = "Bob Durand", Departments = [support], Status = AgentStatus.Available })).GetValueOrThrow();
var carol = new ContactId("carol");
await contacts.SaveAsync(new Contact { Id = carol, Name = "Carol", Emails = ["carol@example.com"] }, CancellationToken.None);

Console.WriteLine("== Carol writes");
var conversation = (await conversations.ReceiveContactMessageAsync(carol, support, "Hello, my invoice is wrong.")).GetValueOrThrow();

Console.WriteLine("== Alice takes it and answers");
(await conversations.TakeAsync(conversation.Id, alice)).GetValueOrThrow();
Console.WriteLine($"   Bob tries too: {(await conversations.TakeAsync(conversation.Id, bob)).Error?.Message}");
(await conversations.PostAgentMessageAsync(conversation.Id, alice, "Let me pass you to Bob, our billing expert.")).GetValueOrThrow();

Console.WriteLine("== Alice forwards it to Bob");
var forward = (await conversations.ForwardAsync(conversation.Id, alice, ForwardTarget.ToAgentInDepartment(bob, support), "Invoice 42 is doubled")).GetValueOrThrow();
Console.WriteLine($"   {forward.Message}");
// The forward left a system message for Bob (and for transcripts with system messages).
await foreach (var message in services.GetRequiredService<IConversationStore>().ReadBackwardsAsync(forward.Conversation, CancellationToken.None))
{
    Console.WriteLine($"   System message: {message.Text}");
    break;
}

Console.WriteLine("== Bob answers and puts it on hold");
(await conversations.PostAgentMessageAsync(conversation.Id, bob, "I am checking invoice 42; I will be back.")).GetValueOrThrow();
(await conversations.PlaceOnHoldAsync(conversation.Id, bob)).GetValueOrThrow();

Console.WriteLine("== Carol writes again: it resumes with Bob");
(await conversations.ReceiveContactMessageAsync(carol, support, "Any news?")).GetValueOrThrow();
(await conversations.PostAgentMessageAsync(conversation.Id, bob, "Fixed: the duplicate is cancelled.")).GetValueOrThrow();

Console.WriteLine("== Bob closes it");
var refused = await conversations.CloseAsync(conversation.Id, Actor.Agent(bob));
Console.WriteLine($"   Without a tag: {refused.Error?.Message}");
var closed = (await conversations.CloseAsync(conversation.Id, Actor.Agent(bob), new CloseRequest { Comment = "Refunded", Tags = ["billing"] })).GetValueOrThrow();

var info = (await conversations.GetRoomInformationAsync(closed.Id, Actor.System)).GetValueOrThrow();
Console.WriteLine($"== Room information: {closed.MessageCount} messages, queue time {info.QueueTime}, first response {info.FirstResponseTime}, tags {string.Join(",", closed.Tags)}");

if (database is not null)
{
    // A second container over the same file, as after a restart: the conversation and its messages were stored.
    await services.DisposeAsync();
    await using var reopened = Build(withPublisher: false);
    var stored = (await reopened.GetRequiredService<IConversationService>().GetAsync(closed.Id))!;
    var lines = 0;
    await foreach (var _ in reopened.GetRequiredService<IConversationStore>().StreamMessagesAsync(closed.Id))
    {
        lines++;
    }

    Console.WriteLine($"== Reopened {database.Path}: conversation {stored.Id} is {stored.State} with {lines} messages in its log");
    database.Dispose();
}
