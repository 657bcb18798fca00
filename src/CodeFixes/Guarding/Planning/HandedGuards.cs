using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Guard: a holder that hands its connection to objects of the project's own classes whose fields have findings of their
/// own (<see cref="ReceivingFields"/>; wEEWSA0/IT-ParkTelegramBotShitV2's <c>DbManager</c> building its tables over
/// <c>DbConnector</c>'s connection) hands them its guard instead: each receiver's constructor parameter and field take
/// the guard, and its methods lease per unit of work (the receiving field's own fix, without wrapping the connection it
/// was given). One fix rewrites holder and receivers together, so every receiver leases the holder's one guard and the
/// holder's finding goes with theirs. Declines, naming what blocks, where a receiver is also built with a plain
/// connection, does more with the connection in its constructor, or has no guard fix of its own.
/// </summary>
internal static class HandedGuards
{
    /// <summary>
    /// The members whose guard fixes are being planned on this flow, holder first: a receiver's own plan that hands its
    /// connection to one of them again would plan them again without end.
    /// </summary>
    private static readonly AsyncLocal<ImmutableHashSet<string>?> Planning = new();

    /// <summary>
    /// Whether <paramref name="connection"/>, an argument of <c>new Receiver(connection)</c>, can pass the guard itself
    /// (the constructor's parameter feeds a reported field); when it can, the receiver is noted on the context.
    /// </summary>
    public static bool Receive(PlanContext context, ExpressionSyntax connection, SemanticModel model)
    {
        if (ReceiverOf(context, connection, model) is not { } receiver)
        {
            return false;
        }

        context.HandedReceivers.Add(receiver);
        return true;
    }

    /// <summary>
    /// <c>NpgsqlConnection connection = DbConnector.GetInstance().Connection;</c> whose every read is handed to a receiver
    /// (<paramref name="reads"/>): the local becomes the guard (its type, unless <c>var</c>), and the receivers take it.
    /// False, with nothing changed, when a read is used otherwise.
    /// </summary>
    public static bool ReceiveCopy(PlanContext context, DocumentPlan plan, VariableDeclarationSyntax declaration, IReadOnlyList<IdentifierNameSyntax> reads, ConnectionTarget target, SemanticModel model)
    {
        if (context.Mode != FixMode.Guard || reads.Count == 0)
        {
            return false;
        }

        var receivers = reads.Select(r => ReceiverOf(context, r, model)).ToList();
        if (receivers.Any(r => r is null))
        {
            return false;
        }

        context.HandedReceivers.AddRange(receivers!);
        if (!declaration.Type.IsVar)
        {
            plan.Replacements[declaration.Type] = DeclarationPlanner.GuardTypeSyntax(context, target).WithTriviaFrom(declaration.Type);
        }

        return true;
    }

    private static ReceivingField? ReceiverOf(PlanContext context, ExpressionSyntax connection, SemanticModel model) =>
        context.Mode == FixMode.Guard
        && connection.Parent is ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.None }
        && ReferenceCollector.HandedToKeptObject(connection, model, context.CancellationToken)
        && ReferenceCollector.CreationHandedTo(connection) is { } creation
        && (ReceivingFields.Find(context, creation, connection, model) ?? GuardedReceivers.Find(context, creation, connection, model)) is { Parameter: not null } receiver
            ? receiver
            : null;

    /// <summary>
    /// Plans each receiving field's guard fix into the holder's plans, its constructor taking the guard; the reason when a
    /// receiver cannot take it.
    /// </summary>
    public static async Task<NoFixReason?> PlanAsync(PlanContext context)
    {
        var planning = (Planning.Value ?? ImmutableHashSet<string>.Empty).Add(IdOf(context.Member));
        foreach (var receivers in context.HandedReceivers.GroupBy(r => r.Field, SymbolEqualityComparer.Default))
        {
            var receiver = receivers.First();
            if (await BuiltElsewhereAsync(context, receiver.Constructor, receivers.Select(r => r.Creation)).ConfigureAwait(false))
            {
                return NoFixReason.ReceiverBuiltElsewhere;
            }

            if (KeptValue(context, receiver) is not { } kept)
            {
                return NoFixReason.ReceiverUsesConnectionInConstructor;
            }

            if (receiver.OwnGuard is { } ownGuard)
            {
                // Its own fix came first: what it would be had the holder's come first.
                if (context.Absorb(TakeGuardInstead(context, receiver, ownGuard, kept)) is { } overlap)
                {
                    return overlap;
                }

                continue;
            }

            if (planning.Contains(IdOf(receiver.Field)))
            {
                return NoFixReason.ReceiverHandsConnectionBack;
            }

            // Seen by the receiver's planning (an async local flows into what this method awaits, not back out of it).
            Planning.Value = planning;
            var outcome = await GuardPlanner.PlanAsync(context.Project, receiver.Field, FixMode.Guard, context.CancellationToken).ConfigureAwait(false);
            if (outcome.Plans is not { Count: > 0 } plans)
            {
                return NoFixReason.ReceivingFieldDeclines;
            }

            if (TakeGuardParameter(plans, receiver, kept) is { } reason)
            {
                return reason;
            }

            foreach (var plan in plans)
            {
                if (context.Absorb(plan) is { } overlap)
                {
                    return overlap;
                }
            }
        }

        return null;
    }

    /// <summary>The member's id, the same in every compilation of the project (a rebound or normalised one too).</summary>
    private static string IdOf(ISymbol member) => member.OriginalDefinition.GetDocumentationCommentId() ?? member.ToDisplayString();

    /// <summary>Whether the constructor is called anywhere but the holder's creations (another holder, project or derived class).</summary>
    private static async Task<bool> BuiltElsewhereAsync(PlanContext context, IMethodSymbol constructor, IEnumerable<BaseObjectCreationExpressionSyntax> creations)
    {
        var handed = new HashSet<SyntaxNode>(creations);
        var references = await SymbolFinder.FindReferencesAsync(constructor, context.Project.Solution, context.CancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            var node = (await location.Location.SourceTree!.GetRootAsync(context.CancellationToken).ConfigureAwait(false)).FindNode(location.Location.SourceSpan);
            if (!node.AncestorsAndSelf().Any(handed.Contains))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The constructor's one read of the parameter, <c>_connection = connection;</c> into the reported field; null when the
    /// parameter is read anywhere else (opened, handed on, kept twice) or the constructor is not one declaration.
    /// </summary>
    private static IdentifierNameSyntax? KeptValue(PlanContext context, ReceivingField receiver)
    {
        if (receiver.Constructor.DeclaringSyntaxReferences.Length != 1
            || receiver.Constructor.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not ConstructorDeclarationSyntax declaration)
        {
            return null;
        }

        var model = context.Model(declaration.SyntaxTree);
        var reads = declaration.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(i => i.Identifier.ValueText == receiver.Parameter!.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, context.CancellationToken).Symbol, receiver.Parameter))
            .ToList();
        if (receiver.OwnGuard is { } ownGuard)
        {
            return reads.Count == 1 && ownGuard.ArgumentList!.Arguments[0].Expression == reads[0] ? reads[0] : null;
        }

        return reads.Count == 1 && reads[0] is { Parent: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax or ArrowExpressionClauseSyntax } assignment } read
            && assignment.Right == read
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, context.CancellationToken).Symbol, receiver.Field)
                ? read
                : null;
    }

    /// <summary>
    /// The receiving field's own fix wraps what its constructor was given (<c>new ConnectionGuard&lt;T&gt;(connection)</c>);
    /// given the guard, the field keeps it as it is and the parameter is declared as the field now is.
    /// </summary>
    private static NoFixReason? TakeGuardParameter(IReadOnlyCollection<DocumentPlan> plans, ReceivingField receiver, IdentifierNameSyntax kept)
    {
        var wrapping = plans.FirstOrDefault(p => p.Replacements.ContainsKey(kept));
        var fieldType = plans.Select(p => FieldTypeOf(p, receiver.Field)).FirstOrDefault(t => t is not null);
        var parameter = plans.Select(p => (Plan: p, Syntax: ParameterSyntaxOf(p, receiver.Parameter!))).FirstOrDefault(p => p.Syntax?.Type is not null);
        if (wrapping is null || fieldType is null || parameter.Syntax is null)
        {
            return NoFixReason.ReceivingFieldDeclines;
        }

        wrapping.Replacements.Remove(kept);
        parameter.Plan.Replacements[parameter.Syntax.Type!] = fieldType.WithTriviaFrom(parameter.Syntax.Type!);
        return null;
    }

    /// <summary>
    /// A receiver that keeps a guard of its own over what it is given: the parameter takes the field's guard type and
    /// keeps the guard it is handed (<c>_connection = connection;</c>).
    /// </summary>
    private static DocumentPlan TakeGuardInstead(PlanContext context, ReceivingField receiver, ObjectCreationExpressionSyntax ownGuard, IdentifierNameSyntax kept)
    {
        var plan = new DocumentPlan(context.Project.GetDocument(ownGuard.SyntaxTree)!, ownGuard.SyntaxTree.GetRoot(context.CancellationToken));
        plan.Replacements[ownGuard] = kept.WithTriviaFrom(ownGuard);
        var parameter = (ParameterSyntax)plan.Root.FindNode(receiver.Parameter!.DeclaringSyntaxReferences[0].Span);
        var fieldType = receiver.Field switch
        {
            IFieldSymbol field => field.Type,
            _ => ((IPropertySymbol)receiver.Field).Type,
        };
        plan.Replacements[parameter.Type!] = SyntaxFactory.ParseTypeName(fieldType.ToMinimalDisplayString(context.Model(ownGuard.SyntaxTree), parameter.Type!.SpanStart)).WithTriviaFrom(parameter.Type!);
        return plan;
    }

    /// <summary>The guard type the receiving field's fix declares it with, when <paramref name="plan"/> holds that declaration.</summary>
    private static TypeSyntax? FieldTypeOf(DocumentPlan plan, ISymbol field)
    {
        foreach (var reference in field.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == plan.Root.SyntaxTree))
        {
            var declared = plan.Root.FindNode(reference.Span);
            var type = declared switch
            {
                VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax variables } => variables.Type,
                PropertyDeclarationSyntax property => property.Type,
                _ => null,
            };
            if (type is not null && plan.Replacements.TryGetValue(type, out var replaced) && replaced is TypeSyntax guardType)
            {
                return guardType;
            }
        }

        return null;
    }

    private static ParameterSyntax? ParameterSyntaxOf(DocumentPlan plan, IParameterSymbol parameter) =>
        parameter.DeclaringSyntaxReferences.Length == 1 && parameter.DeclaringSyntaxReferences[0].SyntaxTree == plan.Root.SyntaxTree
            ? plan.Root.FindNode(parameter.DeclaringSyntaxReferences[0].Span) as ParameterSyntax
            : null;
}
