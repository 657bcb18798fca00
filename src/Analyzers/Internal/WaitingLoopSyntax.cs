using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// SC0004's waiting loop read from syntax alone, for facts gathered across the compilation where no member is being
/// bound: a <c>while</c>, <c>do</c> or <c>for</c> loop that is not bounded by a counter (a constant bound, or a
/// <c>for</c> stepping its own counter towards any bound), makes a waiting call itself
/// (matched by name: <see cref="WaitingCalls"/> plus the blocking polls of bots and scrapers), and names a variable
/// or member without assigning it again.
/// </summary>
internal static class WaitingLoopSyntax
{
    /// <summary>
    /// Catalogued names that call something else as often: a stream's <c>Read</c>/<c>ReadAsync</c>, LINQ's <c>Take</c>,
    /// <c>Task.Wait</c>, any <c>TryTake</c>, <c>Peek</c> or <c>Accept</c>. Only the bound SC0004 reads them.
    /// </summary>
    private static readonly HashSet<string> NamesCommonElsewhere = new() { "Read", "ReadAsync", "ReadAllAsync", "Take", "TryTake", "TryTakeFromAny", "Wait", "WaitAsync", "Peek", "Accept" };

    // After NamesCommonElsewhere: static fields are set in the order they are written.
    private static readonly HashSet<string> WaitingMethodNames = new(WaitingCalls.MethodNames.Where(name => !NamesCommonElsewhere.Contains(name)))
    {
        // Polling a web service or a chat network blocks until it answers or times out.
        "GetStringAsync", "DownloadString", "DownloadStringTaskAsync", "GetUpdatesAsync", "GetUpdates",
    };

    /// <summary>
    /// Waiting calls whose names are common elsewhere, taken only without arguments: a queue's <c>Take()</c> (LINQ's
    /// <c>Take</c> has a count) and a listening socket's <c>Accept()</c> (a visitor's <c>Accept</c> takes the visitor).
    /// </summary>
    private static readonly HashSet<string> ArgumentlessWaitingMethodNames = new() { "Take", "Accept" };

    /// <summary>A loop found, and the waiting call it makes ("Thread.Sleep").</summary>
    internal readonly struct WaitingLoop
    {
        public WaitingLoop(StatementSyntax loop, string wait)
        {
            Loop = loop;
            Wait = wait;
        }

        public StatementSyntax Loop { get; }

        public string Wait { get; }
    }

    /// <summary>The first unbounded waiting loop in <paramref name="scope"/>, starting after <paramref name="after"/>, that uses <paramref name="name"/>.</summary>
    /// <param name="callees">Reads a wait one call down (SC0007's owners); null reads only the loop's own calls.</param>
    public static WaitingLoop? Find(SyntaxNode scope, string name, int after, WaitingCallees? callees = null, System.Threading.CancellationToken cancellationToken = default)
    {
        foreach (var statement in UnboundedLoops.GetValue(scope, ReadUnboundedLoops))
        {
            if (statement.SpanStart < after || !UsesWithoutRenewing(statement, name))
            {
                continue;
            }

            if ((FindWait(statement) ?? callees?.FindIn(statement, cancellationToken)) is { } wait)
            {
                return new WaitingLoop(statement, wait);
            }
        }

        return null;
    }

    /// <summary>
    /// The wait a method makes on every call: a waiting call in a statement of its body's top level
    /// (<c>Console.ReadLine();</c>, <c>var answer = Console.ReadLine();</c>), or of the body of a loop there that runs at
    /// least once (<c>do { key = Console.ReadKey(true).Key; ... } while (...)</c>, <c>while (true)</c>), before any
    /// statement that may return or leave early. One nested in an <c>if</c>, a <c>try</c> or a loop that may not run
    /// is reached only on some calls, and is not read.
    /// </summary>
    public static string? UnconditionalWait(BaseMethodDeclarationSyntax method) =>
        method.ExpressionBody is { } arrow ? FindWait(arrow.Expression) : method.Body is { } body ? UnconditionalWait(body) : null;

    private static string? UnconditionalWait(BlockSyntax block)
    {
        foreach (var statement in block.Statements)
        {
            var wait = statement switch
            {
                ExpressionStatementSyntax or LocalDeclarationStatementSyntax => FindWait(statement),
                DoStatementSyntax { Statement: BlockSyntax body } => UnconditionalWait(body),
                WhileStatementSyntax { Statement: BlockSyntax body } loop when RunsForever(loop) => UnconditionalWait(body),
                _ => null,
            };
            if (wait is not null)
            {
                return wait;
            }

            if (MayLeave(statement))
            {
                return null; // `if (done) return;` first: the wait below is reached only on some calls
            }
        }

        return null;
    }

    /// <summary>A return, yield, break or goto anywhere in the statement (a break in a switch too: read cautiously).</summary>
    private static bool MayLeave(StatementSyntax statement) =>
        statement.DescendantNodesAndSelf(descendIntoChildren: n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax)
            .Any(n => n is ReturnStatementSyntax or YieldStatementSyntax or BreakStatementSyntax or GotoStatementSyntax);

    /// <summary>
    /// Whether <paramref name="scope"/> holds a loop that runs for ever (<c>while (true)</c>, <c>for (;;)</c>) or that is
    /// not bounded by a counter and makes a waiting call itself, whatever it uses: a worker's whole life, not one
    /// operation (SC0002's per-operation brackets).
    /// </summary>
    public static bool HoldsWaitingLoop(SyntaxNode scope)
    {
        foreach (var statement in UnboundedLoops.GetValue(scope, ReadUnboundedLoops))
        {
            if (RunsForever(statement) || FindWait(statement) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool RunsForever(StatementSyntax loop) => loop switch
    {
        WhileStatementSyntax { Condition: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.TrueLiteralExpression } } => true,
        ForStatementSyntax { Condition: null } => true,
        _ => false,
    };

    /// <summary>
    /// A scope's unbounded loops, in document order, read once: SC0007 asks of one owner's declaration for each member
    /// name it keeps, and walking the whole type each time was most of its cost on small repositories.
    /// </summary>
    private static readonly ConditionalWeakTable<SyntaxNode, List<StatementSyntax>> UnboundedLoops = new();

    private static List<StatementSyntax> ReadUnboundedLoops(SyntaxNode scope)
    {
        var loops = new List<StatementSyntax>();
        foreach (var loop in LoopStatements(scope))
        {
            if (!IsBounded(Condition(loop)) && !IsCounted(loop))
            {
                loops.Add(loop);
            }
        }

        return loops;
    }

    private static readonly string[] LoopKeywords = { "while", "do", "for" };

    /// <summary>
    /// The <c>while</c>, <c>do</c> and <c>for</c> statements in <paramref name="scope"/>, in document order, found from
    /// their keywords in the text: walking every node of an owner's declaration (most have no such loop) was most of
    /// SC0007's cost on small repositories. A keyword cannot be spelled with a Unicode escape, but a scope with one is
    /// walked whole all the same.
    /// </summary>
    private static List<StatementSyntax> LoopStatements(SyntaxNode scope)
    {
        // The scope's text in a pooled buffer: a string of it (an owner's whole declaration, for SC0007) was most of
        // what the owner walk allocated (stop 33).
        var length = scope.Span.Length;
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(length, 1));
        try
        {
            scope.SyntaxTree.GetText().CopyTo(scope.SpanStart, buffer, 0, length);
            return LoopStatements(scope, new ReadOnlySpan<char>(buffer, 0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static List<StatementSyntax> LoopStatements(SyntaxNode scope, ReadOnlySpan<char> text)
    {
        if (text.IndexOf("\\u".AsSpan(), StringComparison.Ordinal) >= 0 || text.IndexOf("\\U".AsSpan(), StringComparison.Ordinal) >= 0)
        {
            return scope.DescendantNodes().OfType<StatementSyntax>().Where(node => node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax).ToList();
        }

        var loops = new List<StatementSyntax>();
        foreach (var keyword in LoopKeywords)
        {
            for (var at = IndexOf(text, keyword, 0); at >= 0; at = IndexOf(text, keyword, at + keyword.Length))
            {
                if ((at > 0 && IsWordPart(text[at - 1])) || (at + keyword.Length < text.Length && IsWordPart(text[at + keyword.Length])))
                {
                    continue; // foreach, done, format, _while
                }

                var token = scope.FindToken(scope.SpanStart + at);
                if (token.SpanStart == scope.SpanStart + at && token.Parent is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax
                    && !loops.Contains((StatementSyntax)token.Parent))
                {
                    loops.Add((StatementSyntax)token.Parent); // a do loop's `while` finds the same statement as its `do`
                }
            }
        }

        loops.Sort((x, y) => x.SpanStart.CompareTo(y.SpanStart));
        return loops;
    }

    /// <summary>As <see cref="string.IndexOf(string, int, StringComparison)"/> with ordinal comparison, over a span.</summary>
    private static int IndexOf(ReadOnlySpan<char> text, string word, int start)
    {
        var found = text.Slice(start).IndexOf(word.AsSpan(), StringComparison.Ordinal);
        return found < 0 ? -1 : start + found;
    }

    private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '@';

    private static ExpressionSyntax? Condition(StatementSyntax loop) => loop switch
    {
        WhileStatementSyntax whileLoop => whileLoop.Condition,
        DoStatementSyntax doLoop => doLoop.Condition,
        ForStatementSyntax forLoop => forLoop.Condition,
        _ => null,
    };

    /// <summary>As SC0004: a counter compared with a constant, on either side of <c>&amp;&amp;</c>, or on both sides of <c>||</c>.</summary>
    private static bool IsBounded(ExpressionSyntax? condition)
    {
        while (condition is ParenthesizedExpressionSyntax parenthesized)
        {
            condition = parenthesized.Expression;
        }

        if (condition is not BinaryExpressionSyntax binary)
        {
            return false;
        }

        switch (binary.Kind())
        {
            case SyntaxKind.LogicalAndExpression or SyntaxKind.BitwiseAndExpression:
                return IsBounded(binary.Left) || IsBounded(binary.Right);
            case SyntaxKind.LogicalOrExpression or SyntaxKind.BitwiseOrExpression:
                return IsBounded(binary.Left) && IsBounded(binary.Right);
            case SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression:
                return (IsConstant(binary.Right) && IsCounter(binary.Left)) || (IsConstant(binary.Left) && IsCounter(binary.Right));
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>for (int i = 0; i &lt; count; i++)</c>: a loop that steps its own counter towards a bound it compares it with
    /// runs a number of turns known when it starts, whatever the bound's name (project-origin/wallet's test helper).
    /// </summary>
    private static bool IsCounted(StatementSyntax loop)
    {
        if (loop is not ForStatementSyntax { Condition: BinaryExpressionSyntax condition } forLoop
            || !condition.IsKind(SyntaxKind.LessThanExpression) && !condition.IsKind(SyntaxKind.LessThanOrEqualExpression)
                && !condition.IsKind(SyntaxKind.GreaterThanExpression) && !condition.IsKind(SyntaxKind.GreaterThanOrEqualExpression))
        {
            return false;
        }

        return forLoop.Incrementors.Any(step => SteppedCounter(step) is { } counter
            && (condition.Left is IdentifierNameSyntax { Identifier.ValueText: var left } && left == counter
                || condition.Right is IdentifierNameSyntax { Identifier.ValueText: var right } && right == counter));
    }

    private static string? SteppedCounter(ExpressionSyntax step) => step switch
    {
        PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax operand } => operand.Identifier.ValueText,
        PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax operand } => operand.Identifier.ValueText,
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment
            when assignment.IsKind(SyntaxKind.AddAssignmentExpression) || assignment.IsKind(SyntaxKind.SubtractAssignmentExpression) => target.Identifier.ValueText,
        _ => null,
    };

    private static bool IsConstant(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax or PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax }
        || (expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText.ToUpperInvariant() == identifier.Identifier.ValueText);

    private static bool IsCounter(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => true,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } => true,
        PrefixUnaryExpressionSyntax { Operand: var operand } => IsCounter(operand),
        PostfixUnaryExpressionSyntax { Operand: var operand } => IsCounter(operand),
        _ => false,
    };

    /// <summary>
    /// The loop names <paramref name="name"/> and never assigns it a new value (but after a failed turn). Its names are
    /// found from the loop's text (<see cref="SpelledIdentifiers"/>): every local of every holder asked about reaches the
    /// same loops, and walking each one's nodes again was 6 % of SC0007's samples on small real folders (stop 40).
    /// </summary>
    private static bool UsesWithoutRenewing(StatementSyntax loop, string name)
    {
        var used = false;
        foreach (var token in SpelledIdentifiers.In(loop, name, 0, CancellationToken.None))
        {
            if (token.Parent is not IdentifierNameSyntax identifier)
            {
                continue;
            }

            var target = identifier.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } thisAccess && thisAccess.Name == identifier
                ? thisAccess
                : (ExpressionSyntax)identifier;
            if (target.Parent is AssignmentExpressionSyntax assignment && assignment.Left == target && !IsRenewedAfterFailure(assignment, loop))
            {
                return false; // a new one each turn
            }

            used = true;
        }

        return used;
    }

    /// <summary>
    /// <c>catch { db.Dispose(); db = new Dao(); }</c> in the loop: a hand-made reconnect, run only on a turn that failed,
    /// so every other turn reuses the one created before the loop, idle through the wait (valloon91234/Github2Telegram).
    /// </summary>
    public static bool IsRenewedAfterFailure(SyntaxNode assignment, StatementSyntax loop)
    {
        foreach (var ancestor in assignment.Ancestors())
        {
            if (ancestor == loop || ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return false;
            }

            if (ancestor is CatchClauseSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>reader.ReadLine()</c> on a reader opened over a file or a string (<c>File.OpenText(path)</c>,
    /// <c>new StreamReader("Databases.txt")</c>, <c>new StringReader(text)</c>): it returns at once, and the loop ends at
    /// the last line. A reader over a network stream does wait, and stays a waiting call.
    /// </summary>
    private static bool ReadsAFile(ExpressionSyntax receiver, string method, SyntaxNode loop)
    {
        if (method != "ReadLine" || receiver is not IdentifierNameSyntax { Identifier.ValueText: var name })
        {
            return false;
        }

        var function = loop.Ancestors().FirstOrDefault(a => a is (MemberDeclarationSyntax and not GlobalStatementSyntax) or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or CompilationUnitSyntax) ?? loop;
        foreach (var node in function.DescendantNodes())
        {
            var value = node switch
            {
                VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == name => declarator.Initializer?.Value,
                AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment when target.Identifier.ValueText == name => assignment.Right,
                _ => null,
            };
            if (value is not null and not LiteralExpressionSyntax)
            {
                return OpensAFile(value); // the first reader given to it, not the null it starts as
            }
        }

        return false;
    }

    private static bool OpensAFile(ExpressionSyntax value) => value switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var type } } when IsNamed(type, "File") => true,
        ObjectCreationExpressionSyntax { Type: var type } when CreationSites.TypeName(type) == "StringReader" => true,
        ObjectCreationExpressionSyntax { Type: var type, ArgumentList.Arguments: { Count: > 0 } arguments } when CreationSites.TypeName(type) == "StreamReader" =>
            arguments[0].Expression is LiteralExpressionSyntax or InterpolatedStringExpressionSyntax || OpensAFile(arguments[0].Expression) || NamesAPath(arguments[0].Expression),
        _ => false,
    };

    /// <summary><c>path</c>, <c>fileName</c>, <c>Path.Combine(...)</c>: a file's name, not a stream.</summary>
    private static bool NamesAPath(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax { Identifier.ValueText: var name } => name.IndexOf("path", System.StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("file", System.StringComparison.OrdinalIgnoreCase) >= 0,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var type } } when IsNamed(type, "Path") => true,
        _ => false,
    };

    /// <summary><c>File</c>, <c>IO.File</c> or <c>System.IO.File</c> for "File".</summary>
    private static bool IsNamed(ExpressionSyntax expression, string name) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText == name,
        _ => false,
    };

    /// <summary>
    /// <c>pool.Take()</c> or <c>request.Accept()</c> on a receiver its function or type declares with a type that is not
    /// a blocking queue or a socket: bepuphysics' <c>IdPool HandlePool</c> (Swaelo/mmo-server), a Dofus emulator's
    /// <c>RequestBox</c> (Sadikk/Dofus2-Emulator-Nehra), a Bluetooth pairing's event args (zhuxb711/RX-Explorer) hand
    /// out or answer at once. A receiver declared with <c>var</c> from a call, or not found, is still read by its call's name.
    /// </summary>
    private static bool IsDeclaredAsAnotherType(ExpressionSyntax receiver, string method, SyntaxNode loop)
    {
        var name = receiver switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
            _ => null,
        };
        var type = name is null ? null : DeclaredTypeName(name, loop);
        return type is not null && !Array.Exists(method == "Take" ? QueueTypeWords : SocketTypeWords, word => type.IndexOf(word, StringComparison.Ordinal) >= 0);
    }

    /// <summary>BlockingCollection, and a hand-made blocking queue or collection.</summary>
    private static readonly string[] QueueTypeWords = { "Blocking", "Queue", "Collection" };

    private static readonly string[] SocketTypeWords = { "Socket", "Listener" };

    /// <summary>The simple name of the type <paramref name="name"/> is declared with in the loop's function or type, or null.</summary>
    private static string? DeclaredTypeName(string name, SyntaxNode loop)
    {
        var scopes = loop.Ancestors().Where(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or TypeDeclarationSyntax or CompilationUnitSyntax);
        foreach (var scope in scopes)
        {
            foreach (var node in scope.DescendantNodes(descendIntoChildren: n => n == scope || n is not TypeDeclarationSyntax))
            {
                var type = node switch
                {
                    VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } declarator when declarator.Identifier.ValueText == name =>
                        declaration.Type.IsVar ? (declarator.Initializer?.Value as ObjectCreationExpressionSyntax)?.Type ?? declaration.Type : declaration.Type,
                    ParameterSyntax parameter when parameter.Identifier.ValueText == name => parameter.Type,
                    PropertyDeclarationSyntax property when property.Identifier.ValueText == name => property.Type,
                    _ => null,
                };
                if (type is not null)
                {
                    // `var x = queues.Next()`: declared, but with a type the syntax does not say.
                    return type.IsVar ? null : CreationSites.TypeName(type);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A waiting call the loop (or statement) makes itself, not one in a lambda it creates; a loop statement's is read
    /// once, as it depends on the loop's syntax alone: every local and holder that reaches the same polling loop asks again.
    /// </summary>
    private static string? FindWait(SyntaxNode loop) =>
        loop is StatementSyntax statement ? WaitsFound.GetValue(statement, static l => new StrongBox<string?>(ReadWait(l))).Value : ReadWait(loop);

    /// <summary>Held weakly by the loop's node, as <see cref="UnboundedLoops"/>: nothing outlives the tree it was read from.</summary>
    private static readonly ConditionalWeakTable<StatementSyntax, StrongBox<string?>> WaitsFound = new();

    /// <summary>How many loop bodies this thread walked for a waiting call: for tests of the answer kept per loop.</summary>
    [ThreadStatic]
    internal static int LoopsReadForWaits;

    private static string? ReadWait(SyntaxNode loop)
    {
        LoopsReadForWaits++;
        foreach (var node in loop.DescendantNodesAndSelf(descendIntoChildren: n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            if (node is not InvocationExpressionSyntax invocation)
            {
                continue;
            }

            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: var method, Expression: var receiver }
                    when (WaitingMethodNames.Contains(method) || (invocation.ArgumentList.Arguments.Count == 0 && ArgumentlessWaitingMethodNames.Contains(method) && !IsDeclaredAsAnotherType(receiver, method, loop)))
                        && !ReadsAFile(receiver, method, loop):
                    return receiver is IdentifierNameSyntax { Identifier.ValueText: var receiverName } && char.IsUpper(receiverName[0])
                        ? receiverName + "." + method
                        : method;
                case IdentifierNameSyntax { Identifier.ValueText: var method } when WaitingMethodNames.Contains(method):
                    return method;
            }
        }

        return null;
    }
}
