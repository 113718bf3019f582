using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Asks the processor to start loading an object into its caches without waiting for it (a hint: it never faults, and a
/// moved or collected object only wastes the hint). The indexes know which agents the next decisions will choose, and those,
/// routed longest ago, are the coldest objects in memory.
/// </summary>
/// <remarks>Thread-safe (it reads nothing).</remarks>
internal static class CachePrefetch
{
    /// <summary>The bytes prefetched from the start of an object: a <see cref="Algorithms.RoutedAgent"/> spans up to three cache lines.</summary>
    private const int Bytes = 192;

    private const int LineBytes = 64;

    /// <summary>True where a prefetch instruction is available (x86 with SSE); elsewhere <see cref="Object"/> must not be called.</summary>
    public static bool IsSupported => Sse.IsSupported;

    /// <summary>Prefetches the first <see cref="Bytes"/> bytes of <paramref name="target"/> into every cache level.</summary>
    public static unsafe void Object(object target)
    {
        // The reference is the object's address; reading it through a pointer to the local does not pin or move anything.
        var start = *(byte**)Unsafe.AsPointer(ref target);
        for (var offset = 0; offset < Bytes; offset += LineBytes)
        {
            Sse.Prefetch0(start + offset);
        }
    }
}
