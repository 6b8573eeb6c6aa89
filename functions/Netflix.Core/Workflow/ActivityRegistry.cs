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
