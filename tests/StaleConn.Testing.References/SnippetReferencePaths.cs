namespace StaleConn.Testing.References;

/// <summary>
/// The assemblies test snippets compile against, as the SDK resolved them for this project's net8.0 restore (see the
/// project file). <see cref="Resolved"/> is generated at build time.
/// </summary>
public static partial class SnippetReferencePaths
{
    /// <summary>
    /// Assemblies a snippet gets only when its test asks for them (SC0006's retry-policy cases; Scrutor's scans in the
    /// lifetime fixes, with the DependencyModel its API names).
    /// </summary>
    public static readonly string[] OptIn = { "Polly.Core", "Scrutor", "Microsoft.Extensions.DependencyModel" };
}
