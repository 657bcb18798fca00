using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

/// <summary>
/// A connection holder as a public repository has it, with the callers that use it, reduced to a project that
/// compiles here: <see cref="Source"/> names the repository and files it was taken from (and says where the callers are
/// written in minimal form), <see cref="Files"/> are the project's sources.
/// </summary>
/// <param name="Name">What the shape is, in a few words.</param>
/// <param name="Source">The repository and path(s) it comes from.</param>
/// <param name="Files">The project's source files.</param>
/// <param name="LanguageVersion">The project's C# version (7.3 for .NET Framework code).</param>
public sealed record HolderShape(string Name, string Source, string[] Files, LanguageVersion LanguageVersion = LanguageVersion.Latest)
{
    public override string ToString() => Name;
}
