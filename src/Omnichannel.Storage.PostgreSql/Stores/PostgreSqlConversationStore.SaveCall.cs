using NodaTime;
using Npgsql;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage.PostgreSql.Internal;
using Omnichannel.Storage.Shared;

namespace Omnichannel.Storage.PostgreSql.Stores;

internal sealed partial class PostgreSqlConversationStore
{
    /// <summary>
    /// One checked conversation write, ready to be sent: the statement for its shape and the values of its parameters.
    /// It can add its parameters to any number of commands (a batch, then the same write alone after the batch failed):
    /// each <see cref="AddParameters"/> creates new parameter objects over the same values.
    /// </summary>
    /// <remarks>Immutable after construction; the values are shared read-only by the commands it fills.</remarks>
    private sealed class SaveCall
    {
        private readonly int[] _sequences;
        private readonly byte[] _storedJson;
        private readonly byte[][] _messagesJson;
        private readonly bool _shared;

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

            _messagesJson = MessagesJson(messages);
            _storedJson = StorageJson.SerializeToUtf8Bytes(Stored);
            var claim = write.Claim;
            _shared = SharesTheWritesKey(write, Next);
            var shape = (messages.Count > 0 ? 1 : 0) | (claim is not null ? 2 : 0) | (Jobs.Count > 0 ? 4 : 0)
                | (_shared ? (claim!.Value.Channel is null ? 8 | 16 : 8) : 0);
            Statement = SaveSql[shape];
        }

        public ConversationWrite Write { get; }

        /// <summary>The conversation as the caller changed it (its version is the one the change was decided from).</summary>
        public Conversation Next { get; }

        /// <summary>What is stored when the write succeeds: <see cref="Next"/> at the next version.</summary>
        public Conversation Stored { get; }

        public IReadOnlyList<OutboxMessage> Jobs { get; }

        /// <summary>The call of <c>omnichannel_save_conversation</c> for this write's shape.</summary>
        public string Statement { get; }

        /// <summary>The agent whose capacity the write claims (the advisory lock the function takes), or null.</summary>
        public string? ClaimedAgent => Write.Claim?.AgentId.Value;

        /// <summary>Adds the write's parameters, in the order of <see cref="Statement"/>, with <paramref name="now"/> as the function's clock.</summary>
        public void AddParameters(NpgsqlParameterCollection parameters, Instant now)
        {
            var next = Next;
            parameters.Add(Sql.Text(next.Id.Value));
            parameters.Add(Sql.Bigint(next.Version));
            parameters.Add(Sql.Text(next.ContactId.Value));
            parameters.Add(Sql.Text(next.DepartmentId.Value));
            parameters.Add(Sql.Text(next.Channel));
            parameters.Add(Sql.Text(StateName(next.State)));
            parameters.Add(Sql.Text(next.ServingAgentId?.Value));
            parameters.Add(Sql.Timestamp(next.CreatedAt));
            parameters.Add(Sql.Integer(next.MessageCount));
            parameters.Add(Sql.Jsonb(_storedJson));
            if (_sequences.Length > 0)
            {
                parameters.Add(Sql.IntegerArray(_sequences));
                parameters.Add(Sql.JsonbArray(_messagesJson));
            }

            if (Write.Claim is { } limits)
            {
                if (!_shared)
                {
                    parameters.Add(Sql.Text(limits.AgentId.Value));
                    parameters.Add(Sql.Text(limits.DepartmentId.Value));
                }

                parameters.Add(Sql.Integer(limits.AgentLimit));
                parameters.Add(Sql.Integer(limits.DepartmentLimit));
                parameters.Add(Sql.Boolean(limits.CountOnHold));
                if (!_shared)
                {
                    parameters.Add(Sql.Text(limits.Channel));
                }

                parameters.Add(Sql.Integer(limits.ChannelLimit));
            }

            if (Jobs.Count > 0)
            {
                AddJobs(parameters, Jobs);
            }

            if (!_shared)
            {
                parameters.Add(Sql.Text(Write.DecidedFromAgent?.Id.Value));
            }

            parameters.Add(Sql.Bigint(Write.DecidedFromAgent?.Version ?? 0));
            if (!_shared)
            {
                parameters.Add(Sql.Text(Write.DecidedFromDepartment?.Id.Value));
            }

            parameters.Add(Sql.Bigint(Write.DecidedFromDepartment?.Version ?? 0));
            parameters.Add(Sql.Timestamp(now));
        }
    }
}
