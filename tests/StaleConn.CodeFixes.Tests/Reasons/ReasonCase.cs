using Microsoft.CodeAnalysis.CSharp;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>Which fix a <see cref="ReasonCase"/> asks for, and so which planner names the reason.</summary>
internal enum ReasonCheck
{
    /// <summary>SC0001/SC0002/SC0005 "Guard with ConnectionGuard" (<see cref="FixMode.Guard"/>).</summary>
    Guard,

    /// <summary>SC0001/SC0002/SC0005 "Open a pooled connection per use (data source)" (<see cref="FixMode.DataSource"/>).</summary>
    DataSource,

    /// <summary>SC0001/SC0002/SC0005 "Open a pooled connection per use" (<see cref="FixMode.ConnectionFactory"/>).</summary>
    ConnectionFactory,

    /// <summary>SC0003 "Register the connection as scoped/transient".</summary>
    ConnectionRegistration,

    /// <summary>SC0005 "Register the service as scoped".</summary>
    ServiceRegistration,

    /// <summary>SC0001/SC0002 "Read the owner's connection where it is used" (<see cref="OwnerSourceFix"/>).</summary>
    OwnerSource,

    /// <summary>SC0004 "Open a pooled connection per use" (<see cref="PooledConnectionPerUseCodeFixProvider"/>).</summary>
    PerUse,
}

/// <summary>
/// A small project on which one planner step declines a finding with <paramref name="Reason"/>.
/// </summary>
/// <param name="Reason">The reason the planner must name, and nothing else.</param>
/// <param name="Check">The fix asked for.</param>
/// <param name="Files">The project's sources.</param>
internal sealed record ReasonCase(NoFixReason Reason, ReasonCheck Check, params string[] Files)
{
    /// <summary>Sources of a second project that references the first (the member is used from there).</summary>
    public string[] ReferencingProject { get; init; } = System.Array.Empty<string>();

    /// <summary>Whether the referencing project references StaleConn.Runtime too.</summary>
    public bool ReferencingProjectSeesRuntime { get; init; } = true;

    /// <summary>The repository and path the shape was taken from, where one was (the others are common shapes written small).</summary>
    public string? Source { get; init; }

    /// <summary>The finding's member (when a snippet has several findings, the one the case is about).</summary>
    public string? Member { get; init; }

    public LanguageVersion LanguageVersion { get; init; } = LanguageVersion.Latest;

    /// <summary>Half-typed code: the snippet has compiler errors on purpose.</summary>
    public bool HalfTyped { get; init; }

    public override string ToString() => Reason.ToString();
}
