using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Asks the processor to start loading a <see cref="RoutedAgent"/>'s routing fields into its caches without waiting for
/// them (a hint: it never faults, and a moved or collected object only wastes it). The indexes know which agents the next
/// decisions will choose, and those, routed longest ago, are the coldest objects in memory.
/// </summary>
/// <remarks>Thread-safe (it reads nothing but the reference).</remarks>
internal static class CachePrefetch
{
    /// <summary>
    /// The first byte, from the object's reference, of the fields a decision and an index update read and write: the slot
    /// (<c>_pool</c>, <c>_slot</c>), the loads, the id and the two times. .NET lays out references first, then integers,
    /// then structs, which puts them at bytes 48 to 119 (a test checks it); 72 bytes, so always exactly two cache lines,
    /// where prefetching the whole object would load three. A different layout only makes the hint less useful.
    /// </summary>
    internal const int RoutingFieldsStart = 48;

    /// <summary>The last byte of the routing fields (see <see cref="RoutingFieldsStart"/>).</summary>
    internal const int RoutingFieldsEnd = 119;

    /// <summary>True where a prefetch instruction is available (x86 with SSE); elsewhere <see cref="Agent"/> must not be called.</summary>
    public static bool IsSupported => Sse.IsSupported;

    /// <summary>Prefetches the cache lines holding the routing fields of <paramref name="agent"/> into every cache level.</summary>
    public static unsafe void Agent(RoutedAgent agent)
    {
        // The reference is the object's address; reading it through a pointer to the local does not pin or move anything.
        var start = *(byte**)Unsafe.AsPointer(ref agent);
        Sse.Prefetch0(start + RoutingFieldsStart);
        Sse.Prefetch0(start + RoutingFieldsEnd);
    }

    /// <summary>Prefetches the cache line holding <paramref name="value"/> (an element of an array) into every cache level.</summary>
    public static unsafe void Line<T>(ref T value)
    {
        // The address of an array element, used only as a hint: if the array moves meanwhile, the hint is wasted, nothing else.
        Sse.Prefetch0(Unsafe.AsPointer(ref value));
    }
}
