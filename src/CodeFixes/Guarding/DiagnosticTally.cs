using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// The warnings and errors of a file (or of some of its members) as a fix's check compares them: a name the build cannot
/// resolve (a type or namespace of a reference missing here, as in most repositories built without their packages) by
/// the name it misses, every other diagnostic by count. Moving code can spell a missing type in one more place — or make
/// a name's lookup pass through a base type that does not bind — without adding anything a build with the references
/// would report; a missing name the file did not miss before, or one more diagnostic of any other kind, is still added.
/// </summary>
internal sealed class DiagnosticTally
{
    /// <summary>The compiler's "cannot find this type or namespace" errors: CS0246, CS0234 (not in the namespace), CS0012 (assembly not referenced).</summary>
    private static readonly HashSet<string> UnresolvedNameIds = new(System.StringComparer.Ordinal) { "CS0246", "CS0234", "CS0012" };

    private readonly HashSet<string> unresolvedNames;
    private readonly int others;

    private DiagnosticTally(HashSet<string> unresolvedNames, int others)
    {
        this.unresolvedNames = unresolvedNames;
        this.others = others;
    }

    /// <summary>
    /// The tally of a file without a semantic model: as a file before the rewrite nothing adds to it, as a rewritten
    /// file it adds to anything.
    /// </summary>
    public static DiagnosticTally Unknown { get; } = new(new HashSet<string>(System.StringComparer.Ordinal), int.MaxValue);

    /// <summary>Whether the file has no warning or error at all.</summary>
    public bool IsEmpty => others == 0 && unresolvedNames.Count == 0;

    private bool IsUnknown => ReferenceEquals(this, Unknown);

    /// <summary>The warnings and errors among <paramref name="diagnostics"/> (<see cref="ConnectionGuardFix.IsWarningOrError"/>).</summary>
    public static DiagnosticTally Of(IEnumerable<Diagnostic> diagnostics)
    {
        var unresolved = new HashSet<string>(System.StringComparer.Ordinal);
        var others = 0;
        foreach (var diagnostic in diagnostics.Where(ConnectionGuardFix.IsWarningOrError))
        {
            if (UnresolvedNameIds.Contains(diagnostic.Id))
            {
                unresolved.Add(diagnostic.Id + " " + diagnostic.GetMessage(CultureInfo.InvariantCulture));
            }
            else
            {
                others++;
            }
        }

        return new DiagnosticTally(unresolved, others);
    }

    /// <summary>Whether this (the rewritten file's) tally has a diagnostic that <paramref name="before"/> did not.</summary>
    public bool AddsTo(DiagnosticTally before) =>
        IsUnknown || (!before.IsUnknown && (others > before.others || unresolvedNames.Any(name => !before.unresolvedNames.Contains(name))));
}
