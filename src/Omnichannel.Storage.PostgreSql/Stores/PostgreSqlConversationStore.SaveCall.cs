using NodaTime;
using NpgsqlTypes;
using Omnichannel.Conversations;
using Omnichannel.Outbox;

namespace Omnichannel.Storage.PostgreSql.Stores;

internal sealed partial class PostgreSqlConversationStore
{
    /// <summary>
    /// One checked conversation write, ready to be sent: the statement for its shape, and the kept command its
    /// parameters are set on (<see cref="Bind"/>). Sent alone, that command runs; in a batch, copies of its parameters
    /// do (the same values, and the same JSON bytes in the command's buffer); after a batch that wrote nothing, the same
    /// command runs alone.
    /// </summary>
    /// <remarks>Not thread-safe: its caller binds it, then the batcher sends it once at a time.</remarks>
    private sealed class SaveCall
    {
        private readonly int[] _sequences;
        private readonly bool _shared;
        private ReusableCommand? _command;

        /// <summary>Checks <paramref name="write"/> (arguments the function would refuse) and computes what it sends.</summary>
        public SaveCall(ConversationWrite write)
        {
            Write = write;
            Next = write.Conversation ?? throw new ArgumentException("The write has no conversation.", nameof(write));
            Jobs = write.Outbox ?? [];
            foreach (var job in Jobs)
            {
                CheckNewJob(job);
            }

            Stored = Next.WithVersion(Next.Version + 1);
            var messages = write.Messages ?? [];
            _sequences = messages.Count == 0 ? NoIntegers : new int[messages.Count];
            for (var i = 0; i < _sequences.Length; i++)
            {
                _sequences[i] = (messages[i] ?? throw new ArgumentException($"Message {i + 1} of the write to conversation '{Next.Id}' is null.", nameof(write))).Sequence;
            }

            Messages = messages;
            _shared = SharesTheWritesKey(write, Next);
            Shape = ShapeOf(write, messages.Count, Jobs.Count, _shared);
            Statement = SaveSql[Shape];
        }

        public ConversationWrite Write { get; }

        /// <summary>The conversation as the caller changed it (its version is the one the change was decided from).</summary>
        public Conversation Next { get; }

        /// <summary>What is stored when the write succeeds: <see cref="Next"/> at the next version.</summary>
        public Conversation Stored { get; }

        public IReadOnlyList<OutboxMessage> Jobs { get; }

        /// <summary>The messages the write appends.</summary>
        public IReadOnlyList<Message> Messages { get; }

        /// <summary>Which statement the write's call is (see <see cref="ShapeOf"/>).</summary>
        public int Shape { get; }

        /// <summary>The command <see cref="Bind"/> set the parameters on.</summary>
        public ReusableCommand Command => _command ?? throw new InvalidOperationException("The write's parameters were not bound.");

        /// <summary>The call of <c>omnichannel_save_conversation</c> for this write's shape.</summary>
        public string Statement { get; }

        /// <summary>The agent whose capacity the write claims (the advisory lock the function takes), or null.</summary>
        public string? ClaimedAgent => Write.Claim?.AgentId.Value;

        /// <summary>
        /// Sets the parameters of <c>omnichannel_save_conversation</c> for the write's shape on <paramref name="command"/>,
        /// in the statement's order, the record and the messages as UTF-8 JSON in the command's own buffer, and
        /// <paramref name="now"/> as the function's clock.
        /// </summary>
        public void Bind(ReusableCommand command, Instant now)
        {
            _command = command;
            var next = Next;
            var messages = Messages;
            command.Add(next.Id.Value, NpgsqlDbType.Text);
            command.Add(next.Version, NpgsqlDbType.Bigint);
            command.Add(next.ContactId.Value, NpgsqlDbType.Text);
            command.Add(next.DepartmentId.Value, NpgsqlDbType.Text);
            command.Add(next.Channel, NpgsqlDbType.Text);
            command.Add(StateName(next.State), NpgsqlDbType.Text);
            command.Add(next.ServingAgentId?.Value, NpgsqlDbType.Text);
            command.Add(next.CreatedAt.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
            command.Add(next.MessageCount, NpgsqlDbType.Integer);

            // Every JSON value is written before any is handed out: the buffer may move while it grows.
            var record = command.WriteJson(Stored);
            ReusableCommand.JsonSlice first = default, second = default;
            if (messages.Count is 1 or 2)
            {
                first = command.WriteJson(messages[0]);
                second = messages.Count == 2 ? command.WriteJson(messages[1]) : default;
            }

            command.Add(command.Json(record), NpgsqlDbType.Jsonb);
            if (messages.Count > 0)
            {
                command.Add(_sequences, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                if (messages.Count is 1 or 2)
                {
                    // The one or two messages of a change (a post, a notice), from the command's buffer.
                    ReadOnlyMemory<byte>[] json = messages.Count == 1 ? [command.Json(first)] : [command.Json(first), command.Json(second)];
                    command.Add(json, NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
                }
                else
                {
                    command.Add(MessagesJson(messages), NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
                }
            }

            if (Write.Claim is { } limits)
            {
                if (!_shared)
                {
                    command.Add(limits.AgentId.Value, NpgsqlDbType.Text);
                    command.Add(limits.DepartmentId.Value, NpgsqlDbType.Text);
                }

                command.Add(limits.AgentLimit, NpgsqlDbType.Integer);
                command.Add(limits.DepartmentLimit, NpgsqlDbType.Integer);
                command.Add(limits.CountOnHold, NpgsqlDbType.Boolean);
                if (!_shared)
                {
                    command.Add(limits.Channel, NpgsqlDbType.Text);
                }

                command.Add(limits.ChannelLimit, NpgsqlDbType.Integer);
            }

            if (Jobs.Count > 0)
            {
                AddJobs(command, Jobs);
            }

            if (!_shared)
            {
                command.Add(Write.DecidedFromAgent?.Id.Value, NpgsqlDbType.Text);
            }

            command.Add(Write.DecidedFromAgent?.Version ?? 0, NpgsqlDbType.Bigint);
            if (!_shared)
            {
                command.Add(Write.DecidedFromDepartment?.Id.Value, NpgsqlDbType.Text);
            }

            command.Add(Write.DecidedFromDepartment?.Version ?? 0, NpgsqlDbType.Bigint);
            command.Add(now.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
        }
    }
}
