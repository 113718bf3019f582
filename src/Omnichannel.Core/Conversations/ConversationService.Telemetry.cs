using Omnichannel.Diagnostics;

namespace Omnichannel.Conversations;

/// <summary>The metrics every stored change reports to (set once by the container, before the service is used).</summary>
internal sealed partial class ConversationService
{
    internal OmnichannelMetrics? Metrics { get; set; }
}
