using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging;

namespace Netflix.Testing.Azure;

/// <summary>
/// The Functions app's own orchestrator and activity functions (every method its [Function] attributes name) on the
/// in-process Durable test host: DTFx's in-memory backend behind a real gRPC sidecar on a loopback port, with a
/// Durable client. Activity functions are instances made by a resolver, as the worker makes them
/// from its services.
/// </summary>
public sealed class DurableApp : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;

    private DurableApp(DurableTaskTestHost host) => _host = host;

    public DurableTaskClient Client => _host.Client;

    public static async Task<DurableApp> StartAsync(Assembly app, Func<Type, object> resolve, ILoggerFactory? logging = null)
    {
        var functions = FunctionCatalog.Of(app);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var host = await DurableTaskTestHost.StartAsync(
                    registry =>
                    {
                        foreach (var function in functions)
                        {
                            Register(registry, function, resolve);
                        }
                    },
                    new DurableTaskTestHostOptions { Port = TestTools.FreeLoopbackPort(), LoggerFactory = logging });
                return new DurableApp(host);
            }
            catch (IOException) when (attempt < 3)
            {
                // The port found free was taken before the sidecar bound it.
            }
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static void Register(DurableTaskRegistry registry, AppFunction function, Func<Type, object> resolve)
    {
        if (function.Trigger is not (TriggerKind.Orchestration or TriggerKind.Activity))
        {
            return;
        }

        var input = function.Method.GetParameters()
            .FirstOrDefault(p => p.ParameterType != typeof(TaskOrchestrationContext) && p.ParameterType != typeof(CancellationToken))?.ParameterType ?? typeof(object);
        var output = function.Method.ReturnType.IsGenericType ? function.Method.ReturnType.GetGenericArguments()[0] : typeof(object);
        var adder = typeof(DurableApp).GetMethod(
            function.Trigger == TriggerKind.Orchestration ? nameof(AddOrchestrator) : nameof(AddActivity), BindingFlags.NonPublic | BindingFlags.Static)!;
        adder.MakeGenericMethod(input, output).Invoke(null, [registry, function, resolve]);
    }

    private static void AddOrchestrator<TInput, TOutput>(DurableTaskRegistry registry, AppFunction function, Func<Type, object> resolve)
        => registry.AddOrchestratorFunc<TInput, TOutput>(function.Name, (context, input) =>
            Call<TOutput>(function.Method, function.Method.IsStatic ? null : resolve(function.Method.DeclaringType!), Arguments(function.Method, context, input)));

    private static void AddActivity<TInput, TOutput>(DurableTaskRegistry registry, AppFunction function, Func<Type, object> resolve)
        => registry.AddActivityFunc<TInput, TOutput>(function.Name, (_, input) =>
            Call<TOutput>(function.Method, function.Method.IsStatic ? null : resolve(function.Method.DeclaringType!), Arguments(function.Method, null, input)));

    private static object?[] Arguments(MethodInfo method, TaskOrchestrationContext? context, object? input)
        => [.. method.GetParameters().Select(p => p.ParameterType == typeof(TaskOrchestrationContext) ? context
            : p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
            : input)];

    private static Task<TOutput> Call<TOutput>(MethodInfo method, object? target, object?[] arguments)
    {
        try
        {
            return (Task<TOutput>)method.Invoke(target, arguments)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
