using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// What a holder's helper did when the connection failed to open, which the per-use factory keeps: reported it and carried
/// on (<see cref="SwallowedOpenFailure"/>) or retried until it opened (<see cref="RetriedOpen"/>).
/// </summary>
internal abstract class CarriedOpenFailure
{
    /// <summary>The factory's statements after <c>var <paramref name="local"/> = new T(cs);</c>, ending in its return.</summary>
    public abstract StatementSyntax[] FactoryStatements(string local);
}
