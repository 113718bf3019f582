using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests;

public sealed class CloseTranscriptTests
{
    [Fact]
    public async Task Send_by_email_at_close_emails_the_contacts_primary_address()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.DefaultEmailSubject = "Your conversation with Support");
        var conversation = await host.OpenConversationAsync();

        var closed = await host.CloseAsync(conversation, choices: new TranscriptChoices(ExportPdf: false, SendEmail: true));
        var job = Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Email));
        await host.Worker.RunUntilIdleAsync();

        var email = Assert.Single(host.Email.Sent);
        Assert.Equal("carol@example.com", email.To);
        Assert.Equal("Your conversation with Support", email.Subject);
        Assert.Equal(OutboxMessageStatus.Delivered, (await host.JobsAsync(conversation, TranscriptJobKinds.Email)).Single().Status);
        Assert.Equal(closed.ClosedAt, job.CreatedAt);
    }

    [Fact]
    public async Task Close_without_choices_or_request_records_no_transcript_job()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        await host.CloseAsync(conversation);

        Assert.Empty(await host.Outbox.ListByConversationAsync(conversation, CancellationToken.None));
    }

    [Fact]
    public async Task The_serving_agents_preferences_apply_when_the_contact_closes()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        await host.UpdateAgentAsync(TranscriptTestHost.Alice, a => a with { TranscriptPreferences = new TranscriptPreferences(AlwaysExportPdf: true, AlwaysSendEmail: true) });
        var conversation = await host.OpenConversationAsync();

        await host.CloseAsync(conversation, Actor.Contact(TranscriptTestHost.Carol));
        await host.Worker.RunUntilIdleAsync();

        Assert.Equal("carol@example.com", Assert.Single(host.Email.Sent).To);
        var pdf = Assert.Single(host.DirectMessages.Sent);
        Assert.Equal(TranscriptDirectMessageKind.PdfTranscript, pdf.Kind);
        Assert.Equal(Actor.Agent(TranscriptTestHost.Alice), pdf.Recipient);
        Assert.Equal("application/pdf", pdf.Attachment?.MediaType);
    }

    [Fact]
    public async Task Export_pdf_at_close_sends_the_pdf_to_the_closing_agent()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        await host.CloseAsync(conversation, Actor.Agent(TranscriptTestHost.Mia), new TranscriptChoices(ExportPdf: true, SendEmail: false));
        await host.Worker.RunUntilIdleAsync();

        var message = Assert.Single(host.DirectMessages.Sent);
        Assert.Equal(Actor.Agent(TranscriptTestHost.Mia), message.Recipient);
        Assert.Matches("^transcript-[A-Za-z0-9_-]+\\.pdf$", message.Attachment!.FileName);
        Assert.StartsWith("%PDF", System.Text.Encoding.UTF8.GetString(message.Attachment.Content.Span), StringComparison.Ordinal);
        Assert.Empty(host.Email.Sent);
    }

    [Fact]
    public async Task A_pdf_for_an_agent_without_the_permission_is_refused_and_they_are_told()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        await host.UpdateAgentAsync(TranscriptTestHost.Alice, a => a with { Permissions = AgentPermissions.DefaultAgent, TranscriptPreferences = new TranscriptPreferences(AlwaysExportPdf: true, AlwaysSendEmail: false) });
        var conversation = await host.OpenConversationAsync();

        await host.CloseAsync(conversation);
        await host.Worker.RunUntilIdleAsync();

        var job = Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Pdf));
        Assert.Equal(OutboxMessageStatus.Failed, job.Status);
        Assert.Equal(1, job.Attempts);
        var notice = Assert.Single(host.DirectMessages.Sent);
        Assert.Equal(TranscriptDirectMessageKind.DeliveryFailed, notice.Kind);
        Assert.Contains("lacks the Request PDF Transcript permission", notice.Text, StringComparison.Ordinal);
        Assert.Null(notice.Attachment);
    }

    [Fact]
    public async Task Send_by_email_to_a_contact_without_address_fails_at_once_and_tells_the_closer()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var dave = new ContactId("dave");
        await host.Services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = dave, Name = "Dave" }, CancellationToken.None);
        var conversation = await host.OpenConversationAsync(dave);

        await host.CloseAsync(conversation, choices: new TranscriptChoices(ExportPdf: false, SendEmail: true));
        await host.Worker.RunUntilIdleAsync();

        Assert.Equal(0, host.Email.Attempts);
        var notice = Assert.Single(host.DirectMessages.Sent);
        Assert.Equal(Actor.Agent(TranscriptTestHost.Alice), notice.Recipient);
        Assert.Equal($"The transcript of conversation '{conversation}' could not be emailed to the contact after 1 attempt: contact 'dave' has no email address to send the transcript to.", notice.Text);
    }

    [Fact]
    public async Task Without_transcripts_registered_a_close_records_no_job()
    {
        // Core alone: no close contributor, the close behaves as before.
        var store = new InMemoryConversationStore();
        using var services = new ServiceCollection()
            .AddSingleton<NodaTime.IClock>(new FakeClock(TranscriptTestHost.Start))
            .AddSingleton(store).AddSingleton<IConversationStore>(store).AddSingleton<IOutboxStore>(store)
            .AddOmnichannel().BuildServiceProvider();
        var support = new DepartmentId("support");
        (await services.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = support, Name = "Support" })).GetValueOrThrow();
        (await services.GetRequiredService<IAgentService>().RegisterAsync(new Agent
        {
            Id = TranscriptTestHost.Alice, Username = "alice", Departments = [support], Status = AgentStatus.Available,
            TranscriptPreferences = new TranscriptPreferences(AlwaysExportPdf: true, AlwaysSendEmail: true),
        })).GetValueOrThrow();
        await services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = TranscriptTestHost.Carol, Name = "Carol" }, CancellationToken.None);
        var conversations = services.GetRequiredService<IConversationService>();
        var conversation = (await conversations.ReceiveContactMessageAsync(TranscriptTestHost.Carol, support, "Hi")).GetValueOrThrow();
        (await conversations.TakeAsync(conversation.Id, TranscriptTestHost.Alice)).GetValueOrThrow();

        var closed = (await conversations.CloseAsync(conversation.Id, Actor.Agent(TranscriptTestHost.Alice))).GetValueOrThrow();

        Assert.Equal(new TranscriptChoices(ExportPdf: true, SendEmail: true), closed.TranscriptChoices);
        Assert.Empty(await store.ListByConversationAsync(conversation.Id, CancellationToken.None));
    }
}
