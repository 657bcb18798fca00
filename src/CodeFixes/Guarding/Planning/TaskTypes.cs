using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>The awaitable types the planner reasons about: a unit's own return type and a query's dropped task.</summary>
internal static class TaskTypes
{
    /// <summary><c>Task</c>, <c>ValueTask</c> or their generic forms.</summary>
    public static bool IsTask(ITypeSymbol type) =>
        type.Name is "Task" or "ValueTask" && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
}
