using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// A connection member to guard, named so that it can be found again in a later version of the solution (each
/// guarded member changes the compilation, so symbols cannot be carried from one member to the next).
/// </summary>
internal readonly struct GuardTarget : System.IEquatable<GuardTarget>
{
    private GuardTarget(ProjectId projectId, string key)
    {
        ProjectId = projectId;
        Key = key;
    }

    public ProjectId ProjectId { get; }

    /// <summary>A documentation-comment ID for fields and properties; <c>typeId|parameterName</c> for primary-constructor parameters.</summary>
    public string Key { get; }

    /// <summary>SC0005's registration itself, for the fix that changes its lifetime rather than a member.</summary>
    public static GuardTarget ForRegistration(Document document, Microsoft.CodeAnalysis.Text.TextSpan span) =>
        new(document.Project.Id, RegistrationPrefix + document.Id.Id.ToString("N") + "|" + span.Start + "|" + span.Length);

    public const string RegistrationPrefix = "registration|";

    /// <summary>
    /// Between a member's ID and the file that declares it, for a member of a class compiled twice (two copies of one
    /// file in one project): the ID alone names both. Documentation IDs have no spaces.
    /// </summary>
    private const string CopyFileSeparator = " in ";

    public bool IsRegistration => Key.StartsWith(RegistrationPrefix, System.StringComparison.Ordinal);

    /// <summary>The document and span of a registration target.</summary>
    public (DocumentId Document, Microsoft.CodeAnalysis.Text.TextSpan Span) RegistrationLocation
    {
        get
        {
            var parts = Key.Split('|');
            return (DocumentId.CreateFromSerialized(ProjectId, System.Guid.ParseExact(parts[1], "N")), new Microsoft.CodeAnalysis.Text.TextSpan(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public static GuardTarget? FromSymbol(ProjectId projectId, ISymbol symbol)
    {
        switch (symbol)
        {
            case IFieldSymbol or IPropertySymbol:
                var id = DocumentationCommentId.CreateDeclarationId(symbol);
                return id is null ? null : new GuardTarget(projectId, DeclaredCopies.IsCopied(symbol) ? id + CopyFileSeparator + DeclaredCopies.FileOf(symbol) : id);
            case IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } constructor } parameter:
                var typeId = DocumentationCommentId.CreateDeclarationId(constructor.ContainingType);
                return typeId is null ? null : new GuardTarget(projectId, typeId + "|" + parameter.Name);
            default:
                return null;
        }
    }

    /// <summary>Finds the field, property or parameter a diagnostic location points at.</summary>
    public static ISymbol? SymbolAt(SemanticModel model, Location location, CancellationToken cancellationToken)
    {
        if (!location.IsInSource || location.SourceTree != model.SyntaxTree)
        {
            return null;
        }

        var root = model.SyntaxTree.GetRoot(cancellationToken);
        for (SyntaxNode? node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true); node is not null; node = node.Parent)
        {
            switch (node)
            {
                case VariableDeclaratorSyntax or PropertyDeclarationSyntax or ParameterSyntax:
                    return model.GetDeclaredSymbol(node, cancellationToken);
                case IdentifierNameSyntax identifier:
                    var referenced = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
                    if (referenced is IFieldSymbol or IPropertySymbol or IParameterSymbol)
                    {
                        return referenced;
                    }

                    break;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    public ISymbol? Resolve(Compilation compilation)
    {
        var copyFile = Key.IndexOf(CopyFileSeparator, System.StringComparison.Ordinal);
        if (copyFile >= 0)
        {
            var file = Key.Substring(copyFile + CopyFileSeparator.Length);
            return DocumentationCommentId.GetFirstSymbolForDeclarationId(Key.Substring(0, copyFile), compilation) is { } first
                ? DeclaredCopies.Of(first).FirstOrDefault(copy => DeclaredCopies.FileOf(copy) == file)
                : null;
        }

        var separator = Key.IndexOf('|');
        if (separator < 0)
        {
            return DocumentationCommentId.GetFirstSymbolForDeclarationId(Key, compilation);
        }

        if (DocumentationCommentId.GetFirstSymbolForDeclarationId(Key.Substring(0, separator), compilation) is not INamedTypeSymbol type)
        {
            return null;
        }

        var name = Key.Substring(separator + 1);
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.Name == name && PrimaryConstructors.IsPrimaryConstructor(constructor))
                {
                    return parameter;
                }
            }
        }

        return null;
    }

    public bool Equals(GuardTarget other) => ProjectId == other.ProjectId && Key == other.Key;

    public override bool Equals(object? obj) => obj is GuardTarget other && Equals(other);

    public override int GetHashCode() => (ProjectId.GetHashCode() * 397) ^ Key.GetHashCode();
}
