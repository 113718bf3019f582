using FsCheck;
using FsCheck.Fluent;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// One generated step. Conversations are named by index into those created so far (modulo their number), so a
/// sequence stays meaningful when FsCheck shrinks it by removing steps.
/// </summary>
internal sealed record ModelStep(
    ModelStepKind Kind,
    int Conversation,
    int Contact,
    int Department,
    int Agent,
    int AgentLimit,
    int DepartmentLimit,
    bool CountOnHold,
    bool WithJob,
    int QueryBy,
    int StateMask)
{
    public const int Contacts = 3;
    public const int Departments = 2;
    public const int Agents = 2;

    public static Gen<ModelStep> Generator { get; } =
        from kind in Gen.Frequency(
            (4, Gen.Constant(ModelStepKind.Open)),
            (5, Gen.Constant(ModelStepKind.Take)),
            (2, Gen.Constant(ModelStepKind.Hold)),
            (1, Gen.Constant(ModelStepKind.Forward)),
            (2, Gen.Constant(ModelStepKind.Requeue)),
            (2, Gen.Constant(ModelStepKind.Close)),
            (2, Gen.Constant(ModelStepKind.Move)),
            (1, Gen.Constant(ModelStepKind.Stale)),
            (2, Gen.Constant(ModelStepKind.Count)),
            (2, Gen.Constant(ModelStepKind.Query)))
        from conversation in Gen.Choose(0, 15)
        from contact in Gen.Choose(0, Contacts - 1)
        from department in Gen.Choose(0, Departments)
        from agent in Gen.Choose(0, Agents - 1)
        from agentLimit in Gen.Choose(0, 3)
        from departmentLimit in Gen.Choose(0, 2)
        from flags in Gen.Choose(0, 3)
        from queryBy in Gen.Choose(0, 2)
        from stateMask in Gen.Choose(0, 31)
        select new ModelStep(kind, conversation, contact, department % Departments, agent, agentLimit, departmentLimit, (flags & 1) != 0, (flags & 2) != 0, queryBy, stateMask);

    /// <summary>Sequences of 1 to <paramref name="maxLength"/> steps, shrunk by dropping halves, then single steps.</summary>
    public static Arbitrary<ModelStep[]> Sequences(int maxLength) =>
        Arb.From(Gen.Choose(1, maxLength).SelectMany(n => Gen.ArrayOf(Generator, n)), Shrink);

    private static IEnumerable<ModelStep[]> Shrink(ModelStep[] steps)
    {
        if (steps.Length > 1)
        {
            yield return steps[..(steps.Length / 2)];
            yield return steps[(steps.Length / 2)..];
        }

        for (var i = 0; i < steps.Length && steps.Length > 1; i++)
        {
            yield return [.. steps[..i], .. steps[(i + 1)..]];
        }
    }

    public override string ToString() => Kind switch
    {
        ModelStepKind.Open => $"Open(contact {Contact}, department {Department})",
        ModelStepKind.Take => $"Take(#{Conversation}, agent {Agent}, limits {AgentLimit}/{DepartmentLimit}, countOnHold {CountOnHold}, job {WithJob})",
        ModelStepKind.Close => $"Close(#{Conversation}, job {WithJob})",
        ModelStepKind.Move => $"Move(#{Conversation}, department {Department})",
        ModelStepKind.Count => $"Count(agent {Agent}, department {(QueryBy == 0 ? "any" : Department.ToString(System.Globalization.CultureInfo.InvariantCulture))}, countOnHold {CountOnHold})",
        ModelStepKind.Query => $"Query(by {(QueryBy switch { 0 => $"department {Department}", 1 => $"agent {Agent}", _ => $"contact {Contact}" })}, states mask {StateMask})",
        _ => $"{Kind}(#{Conversation})",
    };
}
