using System.Collections.Concurrent;
using Omnia.Catalog;

namespace Omnia.Models;

/// <summary>The models this server answers for, by public id (case-sensitive, as OpenAI's ids are).</summary>
public sealed class ModelRegistry
{
    private readonly ConcurrentDictionary<string, ServedModel> _models = new(StringComparer.Ordinal);
    private readonly List<ServedModel> _order = [];

    public IReadOnlyList<ServedModel> All
    {
        get { lock (_order) return _order.ToList(); }
    }

    public void Add(ServedModel model)
    {
        if (!_models.TryAdd(model.Id, model))
            throw new InvalidOperationException($"A model with id '{model.Id}' is already served.");
        lock (_order) _order.Add(model);
    }

    public ServedModel? Find(string id) => _models.GetValueOrDefault(id);

    /// <summary>The preferred ready model for a role: engines are registered best first.</summary>
    public ServedModel? FindBest(ModelRole role) => All.FirstOrDefault(m => m.Role == role && m.State == ServedModelState.Ready);
}
