namespace Netflix.Core.Workflow;

/// <summary>Maps activity names to their implementations for hosts that run activities in process.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, Func<object?, CancellationToken, Task<object?>>> _handlers = new(StringComparer.Ordinal);

    public ActivityRegistry Register<TInput, TOutput>(Activity<TInput, TOutput> activity, Func<TInput, CancellationToken, Task<TOutput>> handler)
    {
        if (!_handlers.TryAdd(activity.Name, async (input, cancellationToken) => await handler((TInput)input!, cancellationToken)))
        {
            throw new InvalidOperationException($"Activity '{activity.Name}' is registered twice.");
        }

        return this;
    }

    /// <summary>
    /// Wraps the implementation registered for <paramref name="activity"/>: <paramref name="decorator"/> gets the current
    /// one and returns its replacement, which may run steps of its own before and after calling it.
    /// </summary>
    public ActivityRegistry Decorate<TInput, TOutput>(
        Activity<TInput, TOutput> activity, Func<Func<TInput, CancellationToken, Task<TOutput>>, Func<TInput, CancellationToken, Task<TOutput>>> decorator)
    {
        if (!_handlers.TryGetValue(activity.Name, out var inner))
        {
            throw new InvalidOperationException($"Activity '{activity.Name}' is not registered, so it cannot be decorated.");
        }

        var outer = decorator(async (input, cancellationToken) => (TOutput)(await inner(input, cancellationToken))!);
        _handlers[activity.Name] = async (input, cancellationToken) => await outer((TInput)input!, cancellationToken);
        return this;
    }

    public IReadOnlyCollection<string> Names => _handlers.Keys;

    public bool IsRegistered(string name) => _handlers.ContainsKey(name);

    public async Task<TOutput> InvokeAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput input, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(activity.Name, out var handler))
        {
            throw new InvalidOperationException($"No implementation is registered for activity '{activity.Name}'.");
        }

        return (TOutput)(await handler(input, cancellationToken))!;
    }
}
