using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// A project as a plan sees it before the real rewrite — kept commands rebound in each function
/// (<see cref="ReboundKeptCommands"/>), or one copy of a class compiled twice with the other copies' classes left out
/// (<see cref="DeclaredCopies"/>) — the finding's member in it, and the documents changed to make it (a plan of theirs
/// must start from the original text).
/// </summary>
internal sealed class PlannedProject
{
    public PlannedProject(Project project, ISymbol member, IReadOnlyCollection<DocumentId> changedDocuments)
    {
        Project = project;
        Member = member;
        ChangedDocuments = changedDocuments;
    }

    public Project Project { get; }

    public ISymbol Member { get; }

    public IReadOnlyCollection<DocumentId> ChangedDocuments { get; }
}
