using System;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A member (a symbol of the project's compilation) of one project: the key of what the plans of one solution snapshot
/// remember per finding (<see cref="SnapshotMemo{TSnapshot, TKey, TValue}"/>).
/// </summary>
internal sealed class ProjectMember : IEquatable<ProjectMember>
{
    private readonly ProjectId _project;
    private readonly ISymbol _member;

    public ProjectMember(ProjectId project, ISymbol member)
    {
        _project = project;
        _member = member;
    }

    public bool Equals(ProjectMember? other) =>
        other is not null && _project == other._project && SymbolEqualityComparer.Default.Equals(_member, other._member);

    public override bool Equals(object? obj) => Equals(obj as ProjectMember);

    public override int GetHashCode() => _project.GetHashCode() ^ SymbolEqualityComparer.Default.GetHashCode(_member);
}
