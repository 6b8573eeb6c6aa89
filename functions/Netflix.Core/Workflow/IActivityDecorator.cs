namespace Netflix.Core.Workflow;

/// <summary>Adds an edition's own steps around the shared activities (applied once, when the registry is composed).</summary>
public interface IActivityDecorator
{
    void Apply(ActivityRegistry registry);
}
