using Npgsql;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>
/// The row <c>omnichannel_save_conversation</c> answers: the outcome code, a version (the stored one on a conflict) and
/// three loads (or, for outcome 3, the stored message count in <see cref="AgentLoad"/>). The single write and the batched
/// writes both read it through <see cref="Read"/>, the one place that knows the columns' positions.
/// </summary>
/// <remarks>An immutable value; thread-safe.</remarks>
internal readonly record struct SaveOutcome(int Code, long Version, int AgentLoad, int DepartmentLoad, int ChannelLoad)
{
    /// <summary>Reads the current row of the function's result: since schema 10 one <c>bigint[]</c> of the five figures.</summary>
    public static SaveOutcome Read(NpgsqlDataReader reader)
    {
        var figures = reader.GetFieldValue<long[]>(0);
        return new((int)figures[0], figures[1], (int)figures[2], (int)figures[3], (int)figures[4]);
    }
}
