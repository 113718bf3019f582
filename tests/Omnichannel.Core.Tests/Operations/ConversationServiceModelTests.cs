using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using Omnichannel.Core.Tests.Operations.Model;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>
/// Model-based test: random sequences of receives, takes, assignments, returns, forwards, holds, resumes, messages,
/// closes and status changes by random actors, checked step by step against <see cref="DeskModel"/> and the invariants
/// of <see cref="DeskUnderTest.CheckInvariants"/>.
/// </summary>
public sealed class ConversationServiceModelTests
{
    private const int Sequences = 1_000;

    [Fact]
    public void Random_operation_sequences_agree_with_the_model_and_keep_every_invariant()
    {
        var machine = new DeskMachine();
        var config = Config.QuickThrowOnFailure.WithMaxTest(Sequences).WithEndSize(60).WithQuietOnSuccess(true);

        Check.One(config, machine.ToProperty());

        Assert.True(machine.Sequences >= Sequences, $"Only {machine.Sequences} sequences ran.");
    }
}
