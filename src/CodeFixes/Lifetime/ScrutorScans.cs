using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Lifetime;

/// <summary>
/// Which classes a Scrutor scan (<c>services.Scan(s => s.FromAssemblyOf&lt;T&gt;().AddClasses(...).AsMatchingInterface())</c>)
/// can register, read from its <c>AddClasses</c> selections: public classes only unless it asks for all, those assignable to
/// its <c>AssignableTo</c> types, and — when the selection registers them only <c>AsMatchingInterface()</c> or
/// <c>AsImplementedInterfaces()</c> — only classes that have such an interface. Anything else in a filter only narrows
/// (<c>Where</c>, <c>InNamespaces</c>), so reading past it errs on "may register". A selection of listed types
/// (<c>AddTypes</c>, <c>FromTypes</c>) may register any class its strategy allows. A scan with no selection it can read
/// (another library's <c>Scan</c>) may register any type.
/// </summary>
internal sealed class ScrutorScans
{
    /// <summary>The names of a Scrutor scan's fluent calls: a tree that mentions one of them is read for its scans.</summary>
    public static readonly string[] Names =
    {
        "Scan", "AddClasses", "FromAssemblyOf", "FromAssemblies", "FromAssemblyDependencies", "FromApplicationDependencies",
        "FromCallingAssembly", "FromExecutingAssembly", "FromEntryAssembly",
    };

    private readonly List<Selection> _selections;

    private ScrutorScans(List<Selection> selections, bool unreadable)
    {
        _selections = selections;
        RegistersAnything = unreadable;
    }

    /// <summary>A scan (or a Scrutor call outside one) whose selections could not be read: it may register any type.</summary>
    public bool RegistersAnything { get; }

    /// <summary>Reads the scans of the trees that mention <see cref="Names"/>.</summary>
    public static ScrutorScans Read(Compilation compilation, IEnumerable<SyntaxTree> trees, CancellationToken cancellationToken)
    {
        var selections = new List<Selection>();
        foreach (var tree in trees)
        {
            var root = tree.GetRoot(cancellationToken);
            var calls = root.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(i => Names.Contains(SyntaxShapes.InvokedName(i))).ToList();
            var scans = calls.Where(c => SyntaxShapes.InvokedName(c) == "Scan").ToList();
            if (calls.Any(c => !scans.Any(s => s == c || s.ArgumentList.Span.Contains(c.Span))))
            {
                // FromAssemblyOf<T>() outside a Scan: a library we do not read.
                return new ScrutorScans(selections, unreadable: true);
            }

            var model = SemanticModels.Of(compilation, tree);
            foreach (var scan in scans)
            {
                var invocations = scan.ArgumentList.DescendantNodes().OfType<InvocationExpressionSyntax>().ToList();
                var classSelections = invocations.Where(i => SyntaxShapes.InvokedName(i) == "AddClasses").ToList();
                var typeSelections = invocations.Where(SelectsListedTypes).ToList();
                if (classSelections.Count == 0 && typeSelections.Count == 0)
                {
                    return new ScrutorScans(selections, unreadable: true);
                }

                selections.AddRange(classSelections.Select(c => Selection.Read(c, model, cancellationToken)));
                selections.AddRange(typeSelections.Select(Selection.ReadListedTypes));
            }
        }

        return new ScrutorScans(selections, unreadable: false);
    }

    // AddTypes(types) and FromTypes(types) with no AddClasses after them select the listed classes themselves (Scrutor
    // adds the class selection for them: khellang/Scrutor, src/Scrutor/TypeSourceSelector.cs). The list is not read.
    private static bool SelectsListedTypes(InvocationExpressionSyntax invocation) =>
        SyntaxShapes.InvokedName(invocation) is "AddTypes" or "FromTypes"
        && !(invocation.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax next } && SyntaxShapes.InvokedName(next) == "AddClasses");

    /// <summary>True when one of the scans may register <paramref name="type"/>.</summary>
    public bool MayRegister(INamedTypeSymbol type) => RegistersAnything || _selections.Any(s => s.MayRegister(type));

    private sealed class Selection
    {
        private readonly bool _publicOnly;
        private readonly List<ITypeSymbol>? _assignableTo;
        private readonly string? _onlyAs;

        private Selection(bool publicOnly, List<ITypeSymbol>? assignableTo, string? onlyAs)
        {
            _publicOnly = publicOnly;
            _assignableTo = assignableTo;
            _onlyAs = onlyAs;
        }

        public static Selection Read(InvocationExpressionSyntax addClasses, SemanticModel model, CancellationToken cancellationToken) =>
            new(PublicOnly(addClasses), AssignableFilters(addClasses, model, cancellationToken), OnlyAs(addClasses));

        /// <summary>An <c>AddTypes</c>/<c>FromTypes</c> selection: its list is not read, so any class, under the strategy after it.</summary>
        public static Selection ReadListedTypes(InvocationExpressionSyntax listedTypes) => new(publicOnly: false, assignableTo: null, OnlyAs(listedTypes));

        private static bool PublicOnly(InvocationExpressionSyntax addClasses)
        {
            // AddClasses(), AddClasses(filter) and AddClasses(filter, true): public classes only unless a non-literal or false says otherwise.
            return addClasses.ArgumentList.Arguments.All(a => a.Expression is LambdaExpressionSyntax
                || a.Expression is LiteralExpressionSyntax { Token.ValueText: "true" });
        }

        private static List<ITypeSymbol>? AssignableFilters(InvocationExpressionSyntax addClasses, SemanticModel model, CancellationToken cancellationToken)
        {
            var filters = addClasses.ArgumentList.DescendantNodes().OfType<InvocationExpressionSyntax>().ToList();
            List<ITypeSymbol>? assignableTo = null;
            if (!filters.Any(f => SyntaxShapes.InvokedName(f) == "AssignableToAny"))
            {
                assignableTo = filters.Where(f => SyntaxShapes.InvokedName(f) == "AssignableTo")
                    .Select(f => AssignedType(f, model, cancellationToken))
                    .ToList()!;
                if (assignableTo.Any(t => t is null))
                {
                    assignableTo = null;
                }
            }

            return assignableTo;
        }

        private static string? OnlyAs(InvocationExpressionSyntax selection)
        {
            // The registration strategy follows the selection in the fluent chain, up to the next selection (AddClasses, AddTypes)
            // or type source (From...): what follows those is another selection's.
            var strategies = new List<string>();
            for (var node = (ExpressionSyntax)selection; node.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax next }; node = next)
            {
                var name = SyntaxShapes.InvokedName(next);
                if (StartsAnotherSelection(name))
                {
                    break;
                }

                if (name.StartsWith("As", System.StringComparison.Ordinal) || name == "UsingAttributes")
                {
                    strategies.Add(name);
                }
            }

            // AsSelf, As<T>, UsingAttributes or none (Scrutor's default is AsSelf): any selected class.
            return strategies.Count == 1 && strategies[0] is "AsMatchingInterface" or "AsImplementedInterfaces" ? strategies[0] : null;
        }

        private static bool StartsAnotherSelection(string name) =>
            name is "AddClasses" or "AddTypes" || name.StartsWith("From", System.StringComparison.Ordinal);

        private static ITypeSymbol? AssignedType(InvocationExpressionSyntax assignableTo, SemanticModel model, CancellationToken cancellationToken)
        {
            var syntax = assignableTo.Expression switch
            {
                MemberAccessExpressionSyntax { Name: GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic } => generic.TypeArgumentList.Arguments[0],
                _ => assignableTo.ArgumentList.Arguments.Count == 1 && assignableTo.ArgumentList.Arguments[0].Expression is TypeOfExpressionSyntax typeOf ? typeOf.Type : null,
            };
            return syntax is null ? null : model.GetTypeInfo(syntax, cancellationToken).Type is { TypeKind: not TypeKind.Error } type ? type : null;
        }

        public bool MayRegister(INamedTypeSymbol type)
        {
            if (_publicOnly && !IsPublic(type))
            {
                return false;
            }

            if (_assignableTo is not null && !_assignableTo.All(t => AssignableTo(type, t)))
            {
                return false;
            }

            return _onlyAs switch
            {
                "AsMatchingInterface" => type.AllInterfaces.Any(i => i.Name == "I" + type.Name),
                "AsImplementedInterfaces" => type.AllInterfaces.Length > 0,
                _ => true,
            };
        }

        // Scrutor's public-only filter is Type.IsPublic || Type.IsNestedPublic: the class's own accessibility, whatever
        // the types around it (khellang/Scrutor, src/Scrutor/ReflectionExtensions.cs, IsNonAbstractClass).
        private static bool IsPublic(INamedTypeSymbol type) => type.DeclaredAccessibility == Accessibility.Public;

        // An open generic (typeof(ICommandHandler<>)) matches any of its constructions.
        private static bool AssignableTo(INamedTypeSymbol type, ITypeSymbol target)
        {
            var definition = target.OriginalDefinition;
            return type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, definition))
                || Bases(type).Any(b => SymbolEqualityComparer.Default.Equals(b.OriginalDefinition, definition));
        }

        private static IEnumerable<INamedTypeSymbol> Bases(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                yield return current;
            }
        }
    }
}
