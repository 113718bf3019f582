using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Lifecycle;

namespace Omnichannel.Core.Tests.Lifecycle;

/// <summary>docs/lifecycle.md is generated from the code; these tests fail when the two disagree.</summary>
public sealed class LifecycleDocumentTests
{
    [Fact]
    public void Lifecycle_document_is_what_the_code_generates()
    {
        var path = RepositoryPaths.File(LifecycleDocument.RelativePath);
        var generated = LifecycleDocument.Generate();
        if (Environment.GetEnvironmentVariable(LifecycleDocument.UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
        }

        var stale = $"{LifecycleDocument.RelativePath} differs from what ConversationLifecycle generates. Regenerate it with: {LifecycleDocument.RegenerateCommand}";
        Assert.True(File.Exists(path), $"{LifecycleDocument.RelativePath} is missing. {stale}");
        var written = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (written != generated)
        {
            var writtenLines = written.Split('\n');
            var generatedLines = generated.Split('\n');
            var line = Enumerable.Range(0, Math.Max(writtenLines.Length, generatedLines.Length))
                .First(i => i >= writtenLines.Length || i >= generatedLines.Length || writtenLines[i] != generatedLines[i]);
            Assert.Fail($"{stale}\nFirst difference at line {line + 1}:\n  file:      {(line < writtenLines.Length ? writtenLines[line] : "(end of file)")}\n  generated: {(line < generatedLines.Length ? generatedLines[line] : "(end of file)")}");
        }
    }

    [Fact]
    public void Document_embeds_the_Stateless_Mermaid_export_in_a_mermaid_block()
    {
        var document = LifecycleDocument.Generate();
        var mermaid = ConversationLifecycle.ToMermaid().ReplaceLineEndings("\n").TrimEnd('\n');

        Assert.Contains("```mermaid\n" + mermaid + "\n```", document, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_lists_every_transition_with_its_guard()
    {
        var document = LifecycleDocument.Generate();
        var info = ConversationLifecycle.CreateMachine(ConversationState.Queued).GetInfo();

        foreach (var state in info.States)
        {
            foreach (var transition in state.FixedTransitions)
            {
                var guard = transition.GuardConditionsMethodDescriptions.Select(g => g.Description).SingleOrDefault() ?? "-";
                Assert.Contains($"| {state.UnderlyingState} | {transition.Trigger.UnderlyingTrigger} | {transition.DestinationState.UnderlyingState} | {guard} |", document, StringComparison.Ordinal);
            }
        }

        Assert.Contains($"| Taken | PlaceOnHold | OnHold | {LifecycleGuard.AgentSentLastMessage.Description} |", document, StringComparison.Ordinal);
        Assert.Contains("## Forwarded is a stored state", document, StringComparison.Ordinal);
    }
}
