using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace StaleConn.Analyzers.Internal;

/// <summary>What one singleton registration in dependency injection registers.</summary>
internal sealed class SingletonRegistration
{
    private readonly SyntaxNode _syntax;
    private readonly bool _fromMethodName;

    /// <param name="methodName">The registration method as written.</param>
    /// <param name="serviceType">The service type, when named.</param>
    /// <param name="implementationType">The implementation type, when named.</param>
    /// <param name="createdTypes">Types of instances and factory results.</param>
    /// <param name="syntax">The registration call or creation.</param>
    /// <param name="fromMethodName">Report from the method name to the end of the call (<c>services.AddSingleton&lt;T&gt;()</c>) rather than on the whole node.</param>
    public SingletonRegistration(string methodName, ITypeSymbol? serviceType, ITypeSymbol? implementationType, ImmutableArray<ITypeSymbol> createdTypes, SyntaxNode syntax, bool fromMethodName)
    {
        MethodName = methodName;
        ServiceType = serviceType;
        ImplementationType = implementationType;
        CreatedTypes = createdTypes;
        _syntax = syntax;
        _fromMethodName = fromMethodName;
    }

    /// <summary>The registration method as written, e.g. <c>TryAddSingleton</c>.</summary>
    public string MethodName { get; }

    /// <summary><c>TService</c> or the <c>serviceType</c> argument.</summary>
    public ITypeSymbol? ServiceType { get; }

    /// <summary><c>TImplementation</c>, the <c>implementationType</c> argument, or the service type when it is its own implementation.</summary>
    public ITypeSymbol? ImplementationType { get; }

    /// <summary>The type of an instance argument, and of each value a factory returns (before conversion to the service type).</summary>
    public ImmutableArray<ITypeSymbol> CreatedTypes { get; }

    /// <summary>Where to report: from the method name to the end of the call. Made when asked: only reports need it.</summary>
    public Location Location =>
        _fromMethodName && _syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax memberAccess } invocation
            ? Location.Create(_syntax.SyntaxTree, TextSpan.FromBounds(memberAccess.Name.SpanStart, invocation.Span.End))
            : _syntax.GetLocation();
}
