using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Netflix.Testing.Azure;

/// <summary>What kind of trigger starts a function.</summary>
public enum TriggerKind
{
    Orchestration,
    Activity,
    Http,
    Other,
}

/// <summary>One function of the app as its attributes declare it.</summary>
public sealed record AppFunction(string Name, TriggerKind Trigger, MethodInfo Method)
{
    /// <summary>The parameter the trigger binds (the orchestration's or activity's input, or the HTTP request).</summary>
    public ParameterInfo? TriggerParameter => Method.GetParameters().FirstOrDefault(p => TriggerOf(p) != TriggerKind.Other)
        ?? Method.GetParameters().FirstOrDefault(p => p.GetCustomAttributes().Any(a => a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal)));

    internal static TriggerKind TriggerOf(ParameterInfo parameter) => parameter.GetCustomAttributes() switch
    {
        var attributes when attributes.OfType<OrchestrationTriggerAttribute>().Any() => TriggerKind.Orchestration,
        var attributes when attributes.OfType<ActivityTriggerAttribute>().Any() => TriggerKind.Activity,
        var attributes when attributes.OfType<HttpTriggerAttribute>().Any() => TriggerKind.Http,
        _ => TriggerKind.Other,
    };
}

/// <summary>The app's functions, read from their [Function] attributes as the worker's metadata generator reads them.</summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<AppFunction> Of(Assembly assembly) =>
    [
        .. from type in assembly.GetExportedTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
           let function = method.GetCustomAttribute<FunctionAttribute>()
           where function is not null
           let trigger = method.GetParameters().Select(AppFunction.TriggerOf).FirstOrDefault(t => t != TriggerKind.Other, TriggerKind.Other)
           orderby function.Name
           select new AppFunction(function.Name, trigger, method),
    ];
}
