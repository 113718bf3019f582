namespace Omnichannel.Workspace.CannedResponses;

/// <summary>The default canned-response store: responses in memory, lost when the process ends.</summary>
/// <remarks>This type is thread-safe: one lock guards the responses and the shortcut index.</remarks>
public sealed class InMemoryCannedResponseStore : ICannedResponseStore
{
    private readonly Lock _sync = new();
    private readonly Dictionary<CannedResponseId, CannedResponse> _rows = [];
    private readonly Dictionary<string, CannedResponseId> _byShortcut = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public ValueTask<CannedResponse?> GetAsync(CannedResponseId id, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult(_rows.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public ValueTask<CannedResponse> SaveAsync(CannedResponse entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        cancellationToken.ThrowIfCancellationRequested();
        Storage.DefaultIdentifiers.Refuse(entity, nameof(entity));
        lock (_sync)
        {
            var current = _rows.GetValueOrDefault(entity.Id);
            var currentVersion = current?.Version ?? 0;
            if (currentVersion != entity.Version)
            {
                throw new Storage.ConcurrencyConflictException($"canned response '{entity.Id}'", entity.Version, currentVersion);
            }

            if (_byShortcut.TryGetValue(entity.Shortcut, out var owner) && owner != entity.Id)
            {
                throw new DuplicateShortcutException(entity.Shortcut, owner);
            }

            var stored = entity.WithVersion(currentVersion + 1);
            if (current is not null)
            {
                _byShortcut.Remove(current.Shortcut);
            }

            _rows[stored.Id] = stored;
            _byShortcut[stored.Shortcut] = stored.Id;
            return ValueTask.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public ValueTask<CannedResponse?> FindByShortcutAsync(string shortcut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shortcut);
        lock (_sync)
        {
            return ValueTask.FromResult(_byShortcut.TryGetValue(shortcut, out var id) ? _rows[id] : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CannedResponse>> QueryAsync(CannedResponseQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<CannedResponse> result;
        lock (_sync)
        {
            result = _rows.Values.Where(query.Matches).ToList();
        }

        result.Sort(static (x, y) =>
        {
            var byShortcut = StringComparer.OrdinalIgnoreCase.Compare(x.Shortcut, y.Shortcut);
            return byShortcut != 0 ? byShortcut : string.CompareOrdinal(x.Id.Value, y.Id.Value);
        });
        return ValueTask.FromResult<IReadOnlyList<CannedResponse>>(result);
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(CannedResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            var current = _rows.GetValueOrDefault(response.Id);
            if (current is null || current.Version != response.Version)
            {
                throw new Storage.ConcurrencyConflictException($"canned response '{response.Id}'", response.Version, current?.Version ?? 0);
            }

            _rows.Remove(current.Id);
            _byShortcut.Remove(current.Shortcut);
            return ValueTask.CompletedTask;
        }
    }
}
