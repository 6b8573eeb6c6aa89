using Netflix.Core.Workflow;

namespace Netflix.Core.Tests;

public sealed class ActivityRegistryTests
{
    private static readonly Activity<int, string> Describe = new("describe");

    [Fact]
    public async Task Invoke_runs_the_registered_handler_with_the_input_and_token()
    {
        using var cancellation = new CancellationTokenSource();
        var seen = new List<(int Input, CancellationToken Token)>();
        var registry = new ActivityRegistry().Register(Describe, (input, token) =>
        {
            seen.Add((input, token));
            return Task.FromResult($"#{input}");
        });

        var result = await registry.InvokeAsync(Describe, 42, cancellation.Token);

        Assert.Equal("#42", result);
        Assert.Equal([(42, cancellation.Token)], seen);
    }

    [Fact]
    public async Task Handlers_are_found_by_activity_name()
    {
        var registry = new ActivityRegistry()
            .Register(Describe, (i, _) => Task.FromResult("describe"))
            .Register(new Activity<int, string>("other"), (i, _) => Task.FromResult("other"));

        Assert.Equal("other", await registry.InvokeAsync(new Activity<int, string>("other"), 1, CancellationToken.None));
        Assert.Equal("describe", await registry.InvokeAsync(new Activity<int, string>("describe", new RetryPolicy(2, TimeSpan.FromMilliseconds(1))), 1, CancellationToken.None));
    }

    [Fact]
    public void Registering_a_name_twice_throws()
    {
        var registry = new ActivityRegistry().Register(Describe, (_, _) => Task.FromResult(string.Empty));

        var error = Assert.Throws<InvalidOperationException>(
            () => registry.Register(new Activity<string, int>("describe"), (_, _) => Task.FromResult(0)));
        Assert.Contains("'describe'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoking_an_unknown_activity_throws()
    {
        var registry = new ActivityRegistry().Register(Describe, (_, _) => Task.FromResult(string.Empty));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => registry.InvokeAsync(new Activity<int, string>("missing"), 1, CancellationToken.None));
        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsRegistered_reports_names_exactly()
    {
        var registry = new ActivityRegistry().Register(Describe, (_, _) => Task.FromResult(string.Empty));

        Assert.True(registry.IsRegistered("describe"));
        Assert.False(registry.IsRegistered("Describe"));
        Assert.False(registry.IsRegistered("missing"));
    }

    [Fact]
    public async Task A_handler_failure_reaches_the_caller_unchanged()
    {
        var registry = new ActivityRegistry().Register(Describe, (_, _) => throw new TimeoutException("slow"));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => registry.InvokeAsync(Describe, 1, CancellationToken.None));
        Assert.Equal("slow", error.Message);
    }
}
