using System;
using System.Collections.Generic;
using System.Linq;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// The names <see cref="CreationSites"/> asks about: the members that keep instances of a class and the classes that
/// own such members. Found on the first question only: finding them binds the members of every file that spells the
/// class's name (and its bases'), while many holders are settled by a site that never asks (<c>using var db = new
/// Database()</c>, a <c>return new Database()</c>, a lambda), so the search was often paid for nothing.
/// </summary>
internal sealed class KeeperNames
{
    private readonly Func<List<KeeperMembers.Keeper>> _find;
    private HashSet<string>? _members;
    private HashSet<string>? _owners;

    /// <param name="find">The keeping members, found when first asked (once).</param>
    public KeeperNames(Func<List<KeeperMembers.Keeper>> find) => _find = find;

    /// <summary>A member of this name keeps instances (assigning to one keeps the instance).</summary>
    public bool IsMember(string memberName)
    {
        Find();
        return _members!.Contains(memberName);
    }

    /// <summary>A class of this name has an instance member that keeps instances (handing one to its constructor keeps it).</summary>
    public bool IsOwner(string typeName)
    {
        Find();
        return _owners!.Contains(typeName);
    }

    private void Find()
    {
        if (_members is not null)
        {
            return;
        }

        var keepers = _find();
        _owners = new HashSet<string>(keepers.Where(k => !k.Member.IsStatic).Select(k => k.Owner.Name), StringComparer.Ordinal);
        _members = new HashSet<string>(keepers.Select(k => k.Member.Name), StringComparer.Ordinal);
    }
}
