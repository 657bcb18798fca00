using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// What a syntax tree declares that code in other trees can name — its types and the members of its static classes
/// (extension methods are called by member name alone) — with the names its types derive from, and whether it has
/// global usings (which every tree sees). Read once per tree from its declarations, never its method bodies, and kept
/// as long as the tree lives: an edit makes one new tree.
/// </summary>
internal sealed class DeclaredNames
{
    private static readonly ConditionalWeakTable<SyntaxTree, DeclaredNames> Table = new();

    private DeclaredNames(HashSet<string> names, HashSet<string> baseNames, bool hasGlobalUsings)
    {
        Names = names;
        BaseNames = baseNames;
        HasGlobalUsings = hasGlobalUsings;
    }

    /// <summary>Type names and static classes' member names.</summary>
    public HashSet<string> Names { get; }

    /// <summary>The last identifier of each base type and interface its types list.</summary>
    public HashSet<string> BaseNames { get; }

    public bool HasGlobalUsings { get; }

    public static DeclaredNames Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Table.TryGetValue(tree, out var declared))
        {
            return declared;
        }

        // Built outside the table's lock, so a cancelled read leaves nothing half made behind.
        var root = (CompilationUnitSyntax)tree.GetRoot(cancellationToken);
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        var baseNames = new HashSet<string>(System.StringComparer.Ordinal);
        var hasGlobalUsings = false;
        foreach (var usingDirective in root.Usings)
        {
            hasGlobalUsings |= !usingDirective.GlobalKeyword.IsKind(SyntaxKind.None);
        }

        var pending = new Stack<MemberDeclarationSyntax>(root.Members);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (pending.Pop())
            {
                case BaseNamespaceDeclarationSyntax ns:
                    foreach (var member in ns.Members)
                    {
                        pending.Push(member);
                    }

                    break;
                case TypeDeclarationSyntax type:
                    names.Add(type.Identifier.ValueText);
                    AddBaseNames(type.BaseList, baseNames);
                    var isStatic = type.Modifiers.Any(SyntaxKind.StaticKeyword);
                    foreach (var member in type.Members)
                    {
                        if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                        {
                            pending.Push(member);
                        }
                        else if (isStatic)
                        {
                            AddMemberNames(member, names);
                        }
                    }

                    break;
                case EnumDeclarationSyntax enumDeclaration:
                    names.Add(enumDeclaration.Identifier.ValueText);
                    break;
                case DelegateDeclarationSyntax delegateDeclaration:
                    names.Add(delegateDeclaration.Identifier.ValueText);
                    break;
            }
        }

        return Table.GetValue(tree, _ => new DeclaredNames(names, baseNames, hasGlobalUsings));
    }

    private static void AddBaseNames(BaseListSyntax? baseList, HashSet<string> baseNames)
    {
        if (baseList is null)
        {
            return;
        }

        foreach (var baseType in baseList.Types)
        {
            var name = baseType.Type;
            while (name is QualifiedNameSyntax qualified)
            {
                name = qualified.Right;
            }

            if (name is AliasQualifiedNameSyntax aliased)
            {
                name = aliased.Name;
            }

            if (name is SimpleNameSyntax simple)
            {
                baseNames.Add(simple.Identifier.ValueText);
            }
        }
    }

    private static void AddMemberNames(MemberDeclarationSyntax member, HashSet<string> names)
    {
        switch (member)
        {
            case MethodDeclarationSyntax method:
                names.Add(method.Identifier.ValueText);
                break;
            case PropertyDeclarationSyntax property:
                names.Add(property.Identifier.ValueText);
                break;
            case FieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    names.Add(variable.Identifier.ValueText);
                }

                break;
        }
    }
}
