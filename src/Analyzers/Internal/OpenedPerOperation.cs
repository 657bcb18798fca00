using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Whether a long-lived type's connection member is opened only for one operation at a time: every <c>Open()</c>
/// reaching it is closed again in a <c>finally</c> of the same operation, so between operations it is closed and a pooled
/// provider hands the next <c>Open()</c> a checked session (VitorSiqueirr/avaliacao-tecnica-visualsoft's singleton, opened
/// by <c>DatabaseService.OpenConnection()</c> and closed by <c>CloseConnection()</c> in the repository's <c>finally</c>).
/// Matched by name, as the other rules match creation sites, so it can only over-count openings: any use it cannot
/// classify, an opening by the owner itself outside such a bracket, or a search past its bounds means "not proven".
/// A member nothing opens is not proven either (SC0002's Dapper note: one <c>Open()</c> added later brings the bug back).
/// </summary>
internal static class OpenedPerOperation
{
    /// <summary>Names (member, accessors, forwarders, opener methods) one member's search may follow.</summary>
    private const int MaxNames = 10;

    /// <summary>Identifier tokens one member's search may read before it gives up.</summary>
    private const int MaxOccurrences = 4000;

    /// <summary>The command's own property: <c>cmd.Connection.Open()</c> opens whatever was handed to the command.</summary>
    private const string CommandConnection = "Connection";

    /// <param name="member">The connection member.</param>
    /// <param name="compilation">Where its uses are looked for.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <param name="unguardedBrackets">
    /// Also count an opening closed by a later statement of its block without a <c>finally</c>: a form's click handler,
    /// which the message loop runs one at a time; an exception before the close leaves it open, and the next
    /// <c>Open()</c> fails loudly rather than on a stale session.
    /// </param>
    public static bool IsProven(ISymbol member, Compilation compilation, CancellationToken cancellationToken, bool unguardedBrackets = false)
    {
        if (member.ContainingType is not { } owner)
        {
            return false;
        }

        var search = new Search(member, owner, compilation, cancellationToken, unguardedBrackets);
        return search.Run();
    }

    private sealed class Search
    {
        private readonly ISymbol _member;
        private readonly INamedTypeSymbol _owner;
        private readonly Compilation _compilation;
        private readonly CancellationToken _cancellationToken;
        private readonly HashSet<string> _handles = new(StringComparer.Ordinal);
        private readonly HashSet<string> _openers = new(StringComparer.Ordinal);
        private readonly HashSet<string> _closers = new(StringComparer.Ordinal);
        private readonly Queue<string> _handlesToRead = new();
        private readonly List<InvocationExpressionSyntax> _openings = new();
        private readonly HashSet<SyntaxNode> _resolved = new();
        private int _occurrencesLeft = MaxOccurrences;

        private readonly bool _unguardedBrackets;

        public Search(ISymbol member, INamedTypeSymbol owner, Compilation compilation, CancellationToken cancellationToken, bool unguardedBrackets)
        {
            _unguardedBrackets = unguardedBrackets;
            _member = member;
            _owner = owner;
            _compilation = compilation;
            _cancellationToken = cancellationToken;
        }

        public bool Run()
        {
            // The owner's own uses first: an owner that opens it for good (in its constructor, a start method, a lambda)
            // settles it before any other file is read.
            if (!ReadUses(_member.Name, OwnerDeclarations()) || !ResolveOpenings())
            {
                return false;
            }

            // Anything but a private member is reached from anywhere in the compilation, as are its accessors.
            if (_member.DeclaredAccessibility != Accessibility.Private && !ReadUses(_member.Name, scope: null))
            {
                return false;
            }

            AddHandle(CommandConnection);
            while (_handlesToRead.Count > 0)
            {
                if (!ReadUses(_handlesToRead.Dequeue(), scope: null))
                {
                    return false;
                }
            }

            return _openings.Count > 0 && ResolveOpenings();
        }

        /// <summary>
        /// Every opening found so far is bracketed, or sits in a plain method (an opener such as <c>OpenConnection()</c>)
        /// whose every call, found by name, is bracketed in turn; an opener nothing in the source calls is called from
        /// outside (a framework, a timer) and proves nothing.
        /// </summary>
        private bool ResolveOpenings()
        {
            var pending = new Queue<InvocationExpressionSyntax>(_openings.Where(o => _resolved.Add(o)));
            while (pending.Count > 0)
            {
                var opening = pending.Dequeue();
                if (IsBracketed(opening))
                {
                    continue;
                }

                if (opening.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) is not MethodDeclarationSyntax method
                    || method.Modifiers.Any(SyntaxKind.OverrideKeyword))
                {
                    return false; // a constructor, accessor, lambda or framework override keeps it open for good
                }

                var name = method.Identifier.ValueText;
                if (!_openers.Add(name))
                {
                    continue;
                }

                var calls = new List<InvocationExpressionSyntax>();
                if (_handles.Count + _openers.Count > MaxNames || !ReadCalls(name, calls))
                {
                    return false;
                }

                // Calls inside the opener are not its callers: `public void Open() => _connection.Open();` spells its
                // own name in the opening it makes.
                calls.RemoveAll(c => c.SyntaxTree == method.SyntaxTree && method.Span.Contains(c.Span));
                if (calls.Count == 0)
                {
                    return false;
                }

                foreach (var call in calls)
                {
                    if (_resolved.Add(call))
                    {
                        pending.Enqueue(call);
                    }
                }
            }

            return true;
        }

        private IReadOnlyList<SyntaxNode> OwnerDeclarations()
        {
            return _owner.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).ToList();
        }

        private void AddHandle(string name)
        {
            if (_handles.Add(name))
            {
                _handlesToRead.Enqueue(name);
            }
        }

        /// <summary>Every use of a handle's name, classified; false as soon as one may open it out of sight.</summary>
        private bool ReadUses(string name, IReadOnlyList<SyntaxNode>? scope)
        {
            _handles.Add(name);
            if (_handles.Count + _openers.Count > MaxNames)
            {
                return false;
            }

            foreach (var token in Occurrences(name, scope))
            {
                if (--_occurrencesLeft < 0)
                {
                    return false;
                }

                if (token.Parent is IdentifierNameSyntax identifier && !Classify(identifier))
                {
                    return false;
                }
            }

            return true;
        }

        private bool ReadCalls(string name, List<InvocationExpressionSyntax> calls)
        {
            foreach (var token in Occurrences(name, scope: null))
            {
                if (--_occurrencesLeft < 0)
                {
                    return false;
                }

                if (token.Parent is not IdentifierNameSyntax identifier)
                {
                    continue; // the method's own declaration, an interface's
                }

                var callee = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? (ExpressionSyntax)access
                    : identifier.Parent is MemberBindingExpressionSyntax binding ? binding
                    : identifier;
                if (callee.Parent is InvocationExpressionSyntax call && call.Expression == callee)
                {
                    calls.Add(call);
                }
                else
                {
                    return false; // a method group handed on: called where no bracket can be seen
                }
            }

            return true;
        }

        /// <summary>One use of a handle: neutral, a forwarder, an opening, a closer; false when it escapes.</summary>
        private bool Classify(IdentifierNameSyntax identifier)
        {
            ExpressionSyntax use = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
            if (use.Parent is InvocationExpressionSyntax getter && getter.Expression == use)
            {
                use = getter; // GetConnection()
            }

            switch (use.Parent)
            {
                case MemberAccessExpressionSyntax member when member.Expression == use:
                    return ClassifyMemberCall(member.Name.Identifier.ValueText, member.Parent is InvocationExpressionSyntax call && call.Expression == member ? call : null);
                case ConditionalAccessExpressionSyntax conditional when conditional.Expression == use:
                    return conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax bound } boundCall
                        ? ClassifyMemberCall(bound.Name.Identifier.ValueText, boundCall)
                        : true;
                case ArrowExpressionClauseSyntax arrow:
                    return AddForwarder(arrow.Parent);
                case ReturnStatementSyntax ret:
                    return AddForwarder(ret.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax or AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }:
                    return IsCommandOrAdapter(creation); // new MySqlCommand(sql, Db.Connection): the command does not open it
                case AssignmentExpressionSyntax assignment:
                    return assignment.Left == use // the member's own assignment
                        || assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: CommandConnection } // cmd.Connection = Db.Connection
                        || assignment.Left is IdentifierNameSyntax { Identifier.ValueText: CommandConnection } && assignment.Parent is InitializerExpressionSyntax;
                case BinaryExpressionSyntax or IsPatternExpressionSyntax or UsingStatementSyntax:
                    return true;
                default:
                    return false; // a copy, a lambda's body, an argument to anything but a command: opened out of sight
            }
        }

        private bool ClassifyMemberCall(string name, InvocationExpressionSyntax? call)
        {
            if (call is null)
            {
                return true; // .State, .ConnectionString
            }

            switch (name)
            {
                case "Open" or "OpenAsync":
                    _openings.Add(call);
                    return true;
                case "Close" or "CloseAsync" or "Dispose" or "DisposeAsync":
                    if (call.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } closer)
                    {
                        _closers.Add(closer.Identifier.ValueText);
                    }

                    return true;
                default:
                    return true; // BeginTransaction, CreateCommand, Dapper's Query (opens and closes a closed connection itself)
            }
        }

        private bool AddForwarder(SyntaxNode? declaration)
        {
            var name = declaration switch
            {
                PropertyDeclarationSyntax property => property.Identifier.ValueText,
                AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax property } accessor when accessor.IsKind(SyntaxKind.GetAccessorDeclaration) => property.Identifier.ValueText,
                MethodDeclarationSyntax method => method.Identifier.ValueText,
                _ => null,
            };
            if (name is null)
            {
                return false;
            }

            AddHandle(name);
            return _handles.Count + _openers.Count <= MaxNames;
        }

        private static bool IsCommandOrAdapter(BaseObjectCreationExpressionSyntax creation)
        {
            var typeName = creation is ObjectCreationExpressionSyntax { Type: var type } ? RightmostName(type) : null;
            return typeName is not null && (typeName.EndsWith("Command", StringComparison.Ordinal) || typeName.EndsWith("DataAdapter", StringComparison.Ordinal));
        }

        private static string? RightmostName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// A loop in the bracket that waits or never ends (<see cref="WaitingLoopSyntax.HoldsWaitingLoop"/>): the bracket
        /// is a worker's whole life (<c>try { Open(); while (...) { ...; await Task.Delay(...); } } finally { Close(); }</c>),
        /// not one operation.
        /// </summary>
        private static bool WaitsInLoop(BlockSyntax bracket) => WaitingLoopSyntax.HoldsWaitingLoop(bracket);

        /// <summary>Inside a <c>try</c> whose <c>finally</c> closes it, or just before one (<c>Open(); try { } finally { Close(); }</c>).</summary>
        private bool IsBracketed(InvocationExpressionSyntax opening)
        {
            var statement = opening.Ancestors().OfType<StatementSyntax>().FirstOrDefault();
            if (statement is null)
            {
                return false;
            }

            foreach (var tryStatement in statement.Ancestors().OfType<TryStatementSyntax>())
            {
                if (tryStatement.Block.Span.Contains(statement.Span) && ClosesInFinally(tryStatement))
                {
                    return !WaitsInLoop(tryStatement.Block);
                }
            }

            if (statement.Parent is BlockSyntax block
                && block.Statements.IndexOf(statement) is var index and >= 0
                && index + 1 < block.Statements.Count
                && block.Statements[index + 1] is TryStatementSyntax next
                && ClosesInFinally(next)
                && !WaitsInLoop(next.Block))
            {
                return true;
            }

            return _unguardedBrackets && IsClosedLater(statement);
        }

        /// <summary>
        /// A later statement of a block around the opening (up to its function) closes the connection:
        /// <c>conn.Open(); cmd.ExecuteNonQuery(); conn.Close();</c>. Not an earlier <c>conn = new(cs)</c>: a Load handler
        /// creates and opens the connection the form then keeps.
        /// </summary>
        private bool IsClosedLater(StatementSyntax opening)
        {
            for (SyntaxNode node = opening; node.Parent is not (null or MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax); node = node.Parent)
            {
                if (node is StatementSyntax statement && statement.Parent is BlockSyntax block && block.Statements.IndexOf(statement) is var index and >= 0
                    && block.Statements.Skip(index + 1).Any(Closes))
                {
                    return !WaitsInLoop(block);
                }
            }

            return false;
        }

        private bool ClosesInFinally(TryStatementSyntax tryStatement) => tryStatement.Finally is not null && Closes(tryStatement.Finally.Block);

        /// <summary>A call in <paramref name="node"/> that closes a handle, or calls a method that does.</summary>
        private bool Closes(SyntaxNode node)
        {
            foreach (var call in node.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                var (receiver, name) = call.Expression switch
                {
                    MemberAccessExpressionSyntax access => (access.Expression, access.Name.Identifier.ValueText),
                    IdentifierNameSyntax identifier => (null, identifier.Identifier.ValueText),
                    _ => ((ExpressionSyntax?)null, (string?)null),
                };
                if (name is null)
                {
                    continue;
                }

                if (_closers.Contains(name))
                {
                    return true;
                }

                if (name is "Close" or "CloseAsync" or "Dispose" or "DisposeAsync" && receiver is not null && _handles.Contains(RightmostIdentifier(receiver) ?? string.Empty))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? RightmostIdentifier(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            InvocationExpressionSyntax invocation => RightmostIdentifier(invocation.Expression),
            _ => null,
        };

        /// <summary>
        /// Identifier tokens spelling <paramref name="name"/>: in <paramref name="scope"/>, or in every file, found from the
        /// word's positions in the text (no walk of a file's nodes), except a file with a Unicode escape, read whole.
        /// </summary>
        private IEnumerable<SyntaxToken> Occurrences(string name, IReadOnlyList<SyntaxNode>? scope)
        {
            if (scope is not null)
            {
                // The owner's declarations searched as text, not walked token by token (stop 40: a tenth of SC0007's time).
                foreach (var root in scope)
                {
                    foreach (var token in SpelledIdentifiers.In(root, name, 0, _cancellationToken))
                    {
                        if (token.IsKind(SyntaxKind.IdentifierToken))
                        {
                            yield return token;
                        }
                    }
                }

                yield break;
            }

            foreach (var tree in _compilation.SyntaxTrees)
            {
                var text = tree.GetText(_cancellationToken).ToString();
                var root = tree.GetRoot(_cancellationToken);
                if (text.IndexOf("\\u", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    foreach (var token in root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == name))
                    {
                        yield return token;
                    }

                    continue;
                }

                for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
                {
                    if (!WholeWords.IsWordAt(text, at, name.Length))
                    {
                        continue;
                    }

                    var token = root.FindToken(at);
                    if (token.IsKind(SyntaxKind.IdentifierToken) && token.SpanStart == at && token.ValueText == name)
                    {
                        yield return token;
                    }
                }
            }
        }
    }
}
