using Omnichannel.Storage;

namespace Omnichannel.Contacts;

/// <summary>The default contact store: contacts in memory, lost when the process ends, indexed by channel and search key.</summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryContactStore : IContactStore
{
    private readonly InMemoryVersionedTable<ContactId, Contact> _table = new("contact", static c => c.Id);
    private readonly Dictionary<string, SortedSet<string>> _byChannel = new(StringComparer.Ordinal);

    // (search key, contact id), ordered ordinally: a prefix search is a view between two bounds.
    private readonly SortedSet<(string Key, string Id)> _bySearchKey = new(KeyComparer.Instance);

    /// <inheritdoc />
    public ValueTask<Contact?> GetAsync(ContactId id, CancellationToken cancellationToken) => ValueTask.FromResult(_table.Get(id));

    /// <inheritdoc />
    public ValueTask<Contact> SaveAsync(Contact entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        cancellationToken.ThrowIfCancellationRequested();
        // Computed before the write: a contact the keys cannot be computed for throws before anything changes.
        var channels = ContactSearchKeys.Channels(entity);
        var search = ContactSearchKeys.Search(entity);
        return ValueTask.FromResult(_table.Save(entity, (previous, stored) => Reindex(previous, stored, channels, search)));
    }

    /// <inheritdoc />
    public ValueTask<Contact?> FindByChannelAsync(string type, string identifier, CancellationToken cancellationToken)
    {
        var key = ContactSearchKeys.Channel(type, identifier);
        lock (_table.Sync)
        {
            return ValueTask.FromResult(_byChannel.TryGetValue(key, out var ids) && ids.Count > 0 ? _table.GetUnlocked(new ContactId(ids.Min!)) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<ContactPage> SearchAsync(ContactSearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var key = ContactSearchKeys.Query(query.Text);
        lock (_table.Sync)
        {
            IEnumerable<Contact> matches;
            if (key is null)
            {
                matches = _table.AllUnlocked();
            }
            else
            {
                var ids = new HashSet<string>(StringComparer.Ordinal);
                var upper = ContactSearchKeys.UpperBound(key);
                IEnumerable<(string Key, string Id)> range = upper is null ? _bySearchKey : _bySearchKey.GetViewBetween((key, string.Empty), (upper, string.Empty));
                foreach (var entry in range)
                {
                    if (entry.Key.StartsWith(key, StringComparison.Ordinal))
                    {
                        ids.Add(entry.Id);
                    }
                }

                matches = ids.Select(id => _table.GetUnlocked(new ContactId(id))!);
            }

            var ordered = matches
                .OrderBy(ContactSearchKeys.Sort, CodePointComparer.Instance)
                .ThenBy(static c => c.Id.Value, CodePointComparer.Instance)
                .Skip(Math.Max(query.Offset, 0))
                .Take(Math.Max(query.Limit, 0) + 1)
                .ToList();
            var hasMore = ordered.Count > query.Limit;
            return ValueTask.FromResult(new ContactPage(hasMore ? ordered[..query.Limit] : ordered, hasMore));
        }
    }

    /// <summary>Keeps the indexes in step with a write; runs under the table's lock.</summary>
    private void Reindex(Contact? previous, Contact stored, IReadOnlyList<string> channels, IReadOnlyList<string> search)
    {
        var id = stored.Id.Value;
        if (previous is not null)
        {
            foreach (var key in ContactSearchKeys.Channels(previous))
            {
                _byChannel.GetValueOrDefault(key)?.Remove(id);
            }

            foreach (var key in ContactSearchKeys.Search(previous))
            {
                _bySearchKey.Remove((key, id));
            }
        }

        foreach (var key in channels)
        {
            if (!_byChannel.TryGetValue(key, out var ids))
            {
                _byChannel[key] = ids = new SortedSet<string>(CodePointComparer.Instance);
            }

            ids.Add(id);
        }

        foreach (var key in search)
        {
            _bySearchKey.Add((key, id));
        }
    }

    private sealed class KeyComparer : IComparer<(string Key, string Id)>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare((string Key, string Id) x, (string Key, string Id) y)
        {
            var byKey = CodePointComparer.Instance.Compare(x.Key, y.Key);
            return byKey != 0 ? byKey : CodePointComparer.Instance.Compare(x.Id, y.Id);
        }
    }
}
