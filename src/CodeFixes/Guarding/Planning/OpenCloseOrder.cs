using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Whether one function leaves its connection closed: the last open or close in the order written decides, so a
/// connection test (<c>Open(); Close();</c>) ends closed and a reopen (<c>Close(); Open();</c>, yiyi99/bms) ends open.
/// Calls in a catch are set aside (a close after a failed open is not how the function ends), but for the catch of the
/// call being judged (a reconnect after a failure). One rule for the protocol scan of a helper
/// (<see cref="ConnectionProtocol"/>) and for the units of work that read the state (<see cref="ConnectionStateReads"/>).
/// </summary>
internal sealed class OpenCloseOrder
{
    private readonly SyntaxNode _function;
    private readonly SyntaxNode? _judged;
    private int _lastPosition = -1;
    private bool _lastCloses;

    /// <param name="function">The body the calls are read in.</param>
    /// <param name="judged">A call whose own catch counts; null to set every catch aside.</param>
    public OpenCloseOrder(SyntaxNode function, SyntaxNode? judged = null)
    {
        _function = function;
        _judged = judged;
    }

    /// <summary>The last counted call closes the connection.</summary>
    public bool EndsClosed => _lastPosition >= 0 && _lastCloses;

    /// <summary>An open (or a loop that retries one) at <paramref name="node"/>, when it counts.</summary>
    public void Opened(SyntaxNode node) => Record(node, node.SpanStart, closes: false);

    /// <summary>A close at <paramref name="node"/>, when it counts.</summary>
    public void Closed(SyntaxNode node) => Record(node, node.SpanStart, closes: true);

    /// <summary>A disposing <c>using (member)</c>: it closes where its block ends.</summary>
    public void ClosedAtEnd(SyntaxNode node) => Record(node, node.Span.End, closes: true);

    /// <summary>The node is in the function and outside every catch but the judged call's.</summary>
    public bool Counts(SyntaxNode node) =>
        node.SyntaxTree == _function.SyntaxTree && _function.Span.Contains(node.Span)
        && !node.Ancestors().TakeWhile(a => a != _function).Any(a => a is CatchClauseSyntax && (_judged is null || !a.Span.Contains(_judged.Span)));

    private void Record(SyntaxNode node, int position, bool closes)
    {
        // At the same position (a `using` block ending where an open starts) the close, recorded last, decides.
        if (Counts(node) && position >= _lastPosition)
        {
            _lastPosition = position;
            _lastCloses = closes;
        }
    }
}
