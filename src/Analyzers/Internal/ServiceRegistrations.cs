using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Recognizes singleton registrations in Microsoft.Extensions.DependencyInjection (<c>AddSingleton</c>,
/// <c>TryAddSingleton</c>, their keyed forms, <c>ServiceDescriptor.Singleton</c>,
/// <c>new ServiceDescriptor(..., ServiceLifetime.Singleton)</c>) and Autofac (<c>.SingleInstance()</c>,
/// <c>RegisterInstance</c>). Resolved once per compilation.
/// </summary>
internal sealed class ServiceRegistrations
{
    private const int SingletonLifetime = 0; // ServiceLifetime.Singleton

    private const int MaxChainLength = 16;

    /// <summary>The assemblies that declare the containers' types: a compilation that references neither has no registration.</summary>
    private const string DependencyInjectionAssembly = "Microsoft.Extensions.DependencyInjection.Abstractions";

    private const string AutofacAssembly = "Autofac";

    private static readonly FullTypeName ServiceCollectionName = new("Microsoft.Extensions.DependencyInjection.IServiceCollection");

    private static readonly FullTypeName ServiceDescriptorName = new("Microsoft.Extensions.DependencyInjection.ServiceDescriptor");

    private static readonly FullTypeName AutofacRegistrationBuilderName = new("Autofac.Builder.IRegistrationBuilder`3");

    private static readonly FullTypeName AutofacRegistrationExtensionsName = new("Autofac.RegistrationExtensions");

    private readonly bool _hasAutofac;

    private ServiceRegistrations(Compilation compilation, bool hasDependencyInjection, bool hasAutofac)
    {
        HasServiceDescriptor = hasDependencyInjection;
        _hasAutofac = hasAutofac;
        // Not cancellable and published once: a cancelled build must not leave a wrong answer behind.
        _hasGlobalAlias = new Lazy<bool>(() => HasGlobalAlias(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether <c>new ServiceDescriptor(...)</c> can occur, so callers register a per-creation callback only then.</summary>
    public bool HasServiceDescriptor { get; }

    /// <summary>One instance per compilation, shared by the analyzer and the fixes (held weakly, as ConnectionTypes).</summary>
    private static readonly ConditionalWeakTable<Compilation, StrongBox<ServiceRegistrations?>> Shared = new();

    /// <summary>Returns null when the compilation references no dependency-injection container.</summary>
    public static ServiceRegistrations? Create(Compilation compilation) =>
        Shared.GetValue(compilation, static c => new StrongBox<ServiceRegistrations?>(CreateUncached(c))).Value;

    /// <summary>
    /// Which containers the compilation can call, from the names of the assemblies it references (or is), and the
    /// registration methods matched by their types' full names later: <c>GetTypeByMetadataName</c> searches every
    /// referenced assembly, four such searches at every compilation's start.
    /// </summary>
    private static ServiceRegistrations? CreateUncached(Compilation compilation)
    {
        var hasDependencyInjection = References(compilation, DependencyInjectionAssembly);
        var hasAutofac = References(compilation, AutofacAssembly);
        return hasDependencyInjection || hasAutofac ? new ServiceRegistrations(compilation, hasDependencyInjection, hasAutofac) : null;
    }

    private static bool References(Compilation compilation, string assemblyName)
    {
        if (string.Equals(compilation.AssemblyName, assemblyName, System.StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            if (string.Equals(reference.Name, assemblyName, System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every singleton registration method's name contains one of these (<c>AddSingleton</c>, <c>KeyedSingleton</c>,
    /// <c>ServiceDescriptor.Singleton</c>; Autofac's <c>SingleInstance</c> and <c>RegisterInstance</c>): a file without
    /// them cannot call one. Not "Single", which LINQ's <c>Single()</c> and <c>SingleOrDefault()</c> spell in many files.
    /// Autofac's words are searched for only when Autofac is referenced (each word is one more pass over every file).
    /// </summary>
    private static readonly string[] RegistrationMethodWords = { "Singleton" };

    private static readonly string[] RegistrationMethodWordsWithAutofac = { "Singleton", "SingleInstance", "RegisterInstance" };

    /// <summary>Per file of the compilation: whether its text names a registration method (see <see cref="MayRegisterIn(INamedTypeSymbol, CancellationToken)"/>).</summary>
    private readonly ConcurrentDictionary<SyntaxTree, bool> _fileMayRegister = new();

    /// <summary>
    /// False when no file declaring <paramref name="type"/> names a singleton registration method, so no code in the
    /// type can call one. Lets the rules register their per-call callback only for the few types that configure
    /// dependency injection, instead of running it for every call in the compilation. Answered once per file.
    /// </summary>
    public bool MayRegisterIn(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var tree = reference.SyntaxTree;
            if (!_fileMayRegister.TryGetValue(tree, out var mayRegister))
            {
                var words = _hasAutofac ? RegistrationMethodWordsWithAutofac : RegistrationMethodWords;
                mayRegister = SourceTextSearch.ContainsAnyOrEscape(tree.GetText(cancellationToken), words, cancellationToken);
                _fileMayRegister.TryAdd(tree, mayRegister);
            }

            if (mayRegister)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] DescriptorWords = { "ServiceDescriptor" };

    /// <summary>Per file of the compilation: whether its text may create a descriptor (see <see cref="MayCreateDescriptorIn"/>).</summary>
    private readonly ConcurrentDictionary<SyntaxTree, bool> _fileMayCreateDescriptor = new();

    private readonly Lazy<bool> _hasGlobalAlias;

    /// <summary>
    /// False when no file declaring <paramref name="type"/> can spell <c>new ServiceDescriptor(…)</c>: none names the
    /// type (nor a local alias of it), none has a target-typed <c>new(…)</c>, and no <c>global using</c> alias (which
    /// another file may point at it) exists. Lets the rules register their per-creation callback only where a
    /// descriptor can be built: a typed-DataSet designer makes thousands of other objects. Answered once per file.
    /// </summary>
    public bool MayCreateDescriptorIn(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (!HasServiceDescriptor)
        {
            return false;
        }

        if (_hasGlobalAlias.Value)
        {
            return true;
        }

        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var tree = reference.SyntaxTree;
            if (!_fileMayCreateDescriptor.TryGetValue(tree, out var mayCreate))
            {
                var text = tree.GetText(cancellationToken);
                mayCreate = SourceTextSearch.ContainsAnyOrEscape(text, DescriptorWords, cancellationToken)
                    || TargetTypedCreations.MayOccurIn(text, cancellationToken);
                _fileMayCreateDescriptor.TryAdd(tree, mayCreate);
            }

            if (mayCreate)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] GlobalWords = { "global" };

    /// <summary>
    /// A <c>global using X = …;</c> anywhere: its name may stand for the descriptor in every file. Only files whose text
    /// says "global" have their using directives read: reading every file's made each directive's node (0.09 MB on
    /// StoryCAD's 194 files).
    /// </summary>
    private static bool HasGlobalAlias(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (SourceTextSearch.ContainsAnyOrEscape(tree.GetText(), GlobalWords, CancellationToken.None) && tree.GetRoot() is CompilationUnitSyntax unit)
            {
                foreach (var directive in unit.Usings)
                {
                    if (directive.Alias is not null && !directive.GlobalKeyword.IsKind(SyntaxKind.None))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Cheap name test, done before looking at the bound method.</summary>
    public static bool IsSingletonMethodName(string name) => name is
        "AddSingleton" or "TryAddSingleton" or "AddKeyedSingleton" or "TryAddKeyedSingleton" or "Singleton" or "KeyedSingleton"
        or "SingleInstance" or "RegisterInstance";

    /// <summary>The registration <paramref name="invocation"/> makes, or null when it is not a singleton registration.</summary>
    public SingletonRegistration? TryGetSingleton(IInvocationOperation invocation) =>
        IsSingletonMethodName(invocation.TargetMethod.Name) ? ReadSingleton(invocation) : null;

    private SingletonRegistration? ReadSingleton(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!IsRegistrationMethod(method))
        {
            return null;
        }

        if (method.Name == "SingleInstance")
        {
            return AutofacSingleInstance(invocation, method);
        }

        ITypeSymbol? serviceType = null;
        ITypeSymbol? implementationType = null;
        for (var i = 0; i < method.TypeParameters.Length && i < method.TypeArguments.Length; i++)
        {
            switch (method.TypeParameters[i].Name)
            {
                case "TService":
                    serviceType = method.TypeArguments[i];
                    break;
                case "TImplementation":
                    implementationType = method.TypeArguments[i];
                    break;
            }
        }

        return Build(method.Name, serviceType, implementationType, invocation.Arguments, invocation.Syntax, fromMethodName: true);
    }

    /// <summary>The registration a <c>new ServiceDescriptor(...)</c> makes, or null when its lifetime is not singleton.</summary>
    public SingletonRegistration? TryGetSingleton(IObjectCreationOperation creation)
    {
        // The created type rather than the constructor's containing type: one symbol fewer to read, for every creation.
        if (!HasServiceDescriptor
            || !ServiceDescriptorName.Matches(creation.Type)
            || creation.Constructor is null)
        {
            return null;
        }

        var isSingleton = false;
        foreach (var argument in creation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "lifetime":
                    isSingleton = argument.Value.ConstantValue is { HasValue: true, Value: int lifetime } && lifetime == SingletonLifetime;
                    break;
                case "instance":
                    isSingleton = true; // a descriptor built from an instance is always a singleton
                    break;
            }
        }

        return isSingleton ? Build("ServiceDescriptor", null, null, creation.Arguments, creation.Syntax, fromMethodName: false) : null;
    }

    private bool IsRegistrationMethod(IMethodSymbol method)
    {
        switch (method.Name)
        {
            case "Singleton" or "KeyedSingleton":
                return method.IsStatic && ServiceDescriptorName.Matches(method.ContainingType);
            case "SingleInstance":
                return _hasAutofac && AutofacRegistrationBuilderName.Matches(method.ContainingType);
            case "RegisterInstance":
                return _hasAutofac && AutofacRegistrationExtensionsName.Matches(method.ContainingType);
        }

        var definition = method.ReducedFrom ?? method;
        return definition.IsExtensionMethod
            && definition.Parameters.Length > 0
            && ServiceCollectionName.Matches(definition.Parameters[0].Type);
    }

    /// <summary>
    /// <c>builder.RegisterType&lt;T&gt;().As&lt;IService&gt;().SingleInstance()</c>: the builder's first type argument is the
    /// registered type; when it is <c>object</c> (<c>RegisterType(typeof(T))</c>, <c>Register(c =&gt; ...)</c> returning
    /// object) the call chain is read back to the registration call.
    /// </summary>
    private static SingletonRegistration AutofacSingleInstance(IInvocationOperation invocation, IMethodSymbol method)
    {
        var limitType = method.ContainingType.TypeArguments.Length > 0 ? method.ContainingType.TypeArguments[0] : null;
        var created = ImmutableArray.CreateBuilder<ITypeSymbol>(); // rare (Autofac): not worth avoiding
        var receiver = invocation.Instance;
        for (var step = 0; step < MaxChainLength && receiver is not null; step++)
        {
            if (receiver.SkipConversions() is not IInvocationOperation call)
            {
                break;
            }

            foreach (var argument in call.Arguments)
            {
                switch (argument.Value.SkipConversions())
                {
                    case ITypeOfOperation typeOf when call.TargetMethod.Name == "RegisterType":
                        limitType = typeOf.TypeOperand;
                        break;
                    case IDelegateCreationOperation when call.TargetMethod.Name == "Register":
                        AddFactoryCreations(argument.Value, created);
                        break;
                }
            }

            receiver = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
        }

        return new SingletonRegistration(method.Name, null, limitType, created.ToImmutable(), invocation.Syntax, fromMethodName: true);
    }

    private static SingletonRegistration Build(string methodName, ITypeSymbol? serviceType, ITypeSymbol? implementationType, ImmutableArray<IArgumentOperation> arguments, SyntaxNode syntax, bool fromMethodName)
    {
        // Created only for an instance or a factory: most registrations name types only, and nothing is allocated for
        // them beyond the registration itself (both registration rules look at every singleton registration).
        ImmutableArray<ITypeSymbol>.Builder? created = null;
        var hasInstanceOrFactory = false;
        foreach (var argument in arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "serviceType" or "service":
                    serviceType = TypeOfOperand(argument.Value) ?? serviceType;
                    break;
                case "implementationType":
                    implementationType = TypeOfOperand(argument.Value) ?? implementationType;
                    break;
                case "implementationInstance" or "instance":
                    hasInstanceOrFactory = true;
                    if (argument.Value.SkipConversions().Type is { } instanceType)
                    {
                        (created ??= ImmutableArray.CreateBuilder<ITypeSymbol>()).Add(instanceType);
                    }

                    break;
                case "implementationFactory" or "factory":
                    hasInstanceOrFactory = true;
                    AddFactoryCreations(argument.Value, created ??= ImmutableArray.CreateBuilder<ITypeSymbol>());
                    break;
            }
        }

        if (implementationType is null && !hasInstanceOrFactory)
        {
            implementationType = serviceType;
        }

        return new SingletonRegistration(methodName, serviceType, implementationType, created?.ToImmutable() ?? ImmutableArray<ITypeSymbol>.Empty, syntax, fromMethodName);
    }

    private static ITypeSymbol? TypeOfOperand(IOperation value) => value.SkipConversions() is ITypeOfOperation typeOf ? typeOf.TypeOperand : null;

    /// <summary>Adds the type of each value the factory lambda returns (nested lambdas are not the factory's result).</summary>
    private static void AddFactoryCreations(IOperation value, ImmutableArray<ITypeSymbol>.Builder created)
    {
        if (value.SkipConversions() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
        {
            return;
        }

        var pending = new Stack<IOperation>();
        pending.Push(lambda.Body);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            // The returned value's own type, before the conversion to the service type: new T(...), a local of type
            // T, or a call declared to return T.
            if (operation is IReturnOperation { ReturnedValue: { } returned } && returned.SkipConversions().Type is { } returnedType)
            {
                created.Add(returnedType);
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }
}
