using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// SC0007's whole decision for one instance member: the chain of long-lived owners that keeps it, or null when SC0007
/// does not report it. The code fixes ask the same question of a field that receives a holder's connection
/// (<c>ReceivingFields</c>), so a fix never declines over a finding the user does not see.
/// </summary>
internal static class OwnerKeptConnections
{
    /// <param name="skipWalk">Asked after the cheap tests, before the owner walk: true for a member the caller would not
    /// report anyway (SC0007's generated code), whose walk would be wasted.</param>
    public static OwnerChain? Find(ISymbol member, Compilation compilation, ConnectionTypes connectionTypes, LongLivedTypes longLivedTypes, CancellationToken cancellationToken,
        Func<ISymbol, bool>? skipWalk = null)
    {
        var holder = member.ContainingType;
        // The holder's kind first: a struct's, interface's or record struct's members are never this rule's, and their
        // types need not be classified.
        if (member.IsStatic || holder is not { TypeKind: TypeKind.Class } || !MemberShapes.StoresConnection(member, connectionTypes, out _, out _)
            || connectionTypes.IsConnectionType(holder) || longLivedTypes.GetReason(holder) is not null)
        {
            return null;
        }

        if (skipWalk?.Invoke(member) == true)
        {
            return null;
        }

        var chain = LongLivedOwners.Create(compilation, longLivedTypes).Find(holder, cancellationToken);
        // A loop's wrapper that opens and closes its connection around each use leaves it closed through the wait; a main
        // form's connection opened and closed around each click is closed between clicks. A member given a new connection
        // before each use keeps none from one use to the next.
        if (chain is null
            || (chain.IsWaitingLoop && OpenedPerOperation.IsProven(member, compilation, cancellationToken))
            || (chain.SparesPerOperationOpening && OpenedPerOperation.IsProven(member, compilation, cancellationToken, unguardedBrackets: true))
            || RenewedBeforeEachUse.IsProven(member, compilation, cancellationToken))
        {
            return null;
        }

        return chain;
    }
}
