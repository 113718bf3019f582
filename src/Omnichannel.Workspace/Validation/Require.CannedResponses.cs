using System.Runtime.CompilerServices;
using Omnichannel.Workspace.CannedResponses;

// The rest of Require is Core's Validation/Require.cs, compiled into this assembly too (see the .csproj).
namespace Omnichannel.Validation;

internal static partial class Require
{
    public static void Id(CannedResponseId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw Default(nameof(CannedResponseId), parameter);
        }
    }
}
