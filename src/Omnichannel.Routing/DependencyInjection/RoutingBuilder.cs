namespace Omnichannel.Routing.DependencyInjection;

/// <summary>Configures routing: the default algorithm, per-department algorithms, and <see cref="RoutingOptions"/>.</summary>
/// <remarks>Used once at start-up; not thread-safe.</remarks>
public sealed class RoutingBuilder : RoutingAlgorithmBuilder<RoutingBuilder>
{
    internal RoutingBuilder()
    {
    }

    internal Dictionary<DepartmentId, DepartmentRoutingBuilder> Departments { get; } = [];

    internal List<Action<RoutingOptions>> OptionActions { get; } = [];

    /// <summary>Chooses the algorithm of one department (others use the default).</summary>
    /// <param name="department">The department.</param>
    /// <param name="configure">Chooses its algorithm.</param>
    /// <returns>This builder.</returns>
    public RoutingBuilder ForDepartment(DepartmentId department, Action<DepartmentRoutingBuilder> configure)
    {
        Omnichannel.Validation.Require.Id(department);
        ArgumentNullException.ThrowIfNull(configure);
        if (!Departments.TryGetValue(department, out var builder))
        {
            Departments[department] = builder = new DepartmentRoutingBuilder();
        }

        configure(builder);
        return this;
    }

    /// <summary>Changes routing options (timeouts, offer mode, skills, ...).</summary>
    /// <param name="configure">The change.</param>
    /// <returns>This builder.</returns>
    public RoutingBuilder Configure(Action<RoutingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        OptionActions.Add(configure);
        return this;
    }
}
