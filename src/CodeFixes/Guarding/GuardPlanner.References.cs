using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding;

internal sealed partial class GuardPlanner
{
    private ITypeSymbol? _declaredConnectionType;

    /// <summary>One expression that needs the open connection: it becomes <c>lease.Connection</c>.</summary>
    private sealed class Use
    {
        public Use(ExpressionSyntax connection, ExpressionSyntax guard, DocumentPlan plan, InvocationExpressionSyntax? transaction)
        {
            Connection = connection;
            Guard = guard;
            Plan = plan;
            Transaction = transaction;
        }

        public ExpressionSyntax Connection { get; }

        /// <summary>How the member is written at this use (<c>_connection</c>, <c>this._connection</c>, <c>Database.Connection</c>).</summary>
        public ExpressionSyntax Guard { get; }

        public DocumentPlan Plan { get; }

        /// <summary>A <c>BeginTransaction</c> call on the connection, which goes through the lease instead.</summary>
        public InvocationExpressionSyntax? Transaction { get; }

        public SyntaxNode? Unit { get; set; }
    }

    /// <summary>A Close/Dispose statement: removed inside a unit of work, sent to the guard elsewhere.</summary>
    private sealed class CloseCall
    {
        public CloseCall(ExpressionStatementSyntax statement, string name, ExpressionSyntax guard, IdentifierNameSyntax reference, DocumentPlan plan)
        {
            Statement = statement;
            Name = name;
            Guard = guard;
            Reference = reference;
            Plan = plan;
        }

        public ExpressionStatementSyntax Statement { get; }

        public string Name { get; }

        public ExpressionSyntax Guard { get; }

        public IdentifierNameSyntax Reference { get; }

        public DocumentPlan Plan { get; }
    }

    private ITypeSymbol MemberType => _member switch
    {
        IFieldSymbol fieldSymbol => fieldSymbol.Type,
        IPropertySymbol propertySymbol => propertySymbol.Type,
        _ => ((IParameterSymbol)_member).Type,
    };

    private async Task<bool> CollectReferencesAsync()
    {
        var memberType = MemberType;
        _declaredConnectionType = memberType;
        if (memberType is INamedTypeSymbol { IsGenericType: true } generic
            && generic.ConstructedFrom.ToDisplayString() == "System.Lazy<T>")
        {
            _isLazy = true;
            _declaredConnectionType = generic.TypeArguments[0];
        }

        var declaration = _member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken);
        var initializer = (declaration as VariableDeclaratorSyntax)?.Initializer?.Value ?? (declaration as PropertyDeclarationSyntax)?.Initializer?.Value;
        if (initializer is not null)
        {
            _sources.Add(initializer);
        }

        foreach (var document in _project.Documents)
        {
            var tree = await document.GetSyntaxTreeAsync(_cancellationToken).ConfigureAwait(false);
            if (tree is null || !_compilation.ContainsSyntaxTree(tree))
            {
                continue;
            }

            var text = await tree.GetTextAsync(_cancellationToken).ConfigureAwait(false);
            if (text.ToString().IndexOf(_member.Name, StringComparison.Ordinal) < 0)
            {
                continue;
            }

            var root = await tree.GetRootAsync(_cancellationToken).ConfigureAwait(false);
            var model = Model(tree);
            foreach (var node in root.DescendantNodes())
            {
                if (node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
                    && literal.Token.ValueText == _member.Name && IsReflectionLookup(literal))
                {
                    return false;
                }

                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != _member.Name)
                {
                    continue;
                }

                var info = model.GetSymbolInfo(identifier, _cancellationToken);
                if (!IsMember(info.Symbol))
                {
                    if (info.CandidateSymbols.Any(IsMember))
                    {
                        return false;
                    }

                    continue;
                }

                if (!Classify(identifier, PlanFor(tree)!, model))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsReflectionLookup(LiteralExpressionSyntax literal) =>
        literal.Parent?.Parent?.Parent is InvocationExpressionSyntax invocation
        && SyntaxShapes.InvokedName(invocation) is "GetField" or "GetProperty" or "GetMember" or "GetParameter";

    private bool Classify(IdentifierNameSyntax identifier, DocumentPlan plan, SemanticModel model)
    {
        if (identifier.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }))
        {
            return true;
        }

        if (identifier.Parent is MemberBindingExpressionSyntax)
        {
            return false;
        }

        ExpressionSyntax guard = identifier.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == identifier ? qualified : identifier;
        if (guard.Parent is AssignmentExpressionSyntax assignment && assignment.Left == guard)
        {
            var isLazyInit = assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression) && assignment.Parent is ExpressionStatementSyntax;
            if ((!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !isLazyInit) || _member is IParameterSymbol)
            {
                return false;
            }

            _sources.Add(assignment.Right);
            _assignedSources.Add((assignment.Right, plan));
            return true;
        }

        if (guard.Parent is ArgumentSyntax argument && !argument.RefKindKeyword.IsKind(SyntaxKind.None))
        {
            return false;
        }

        if (IsNullCheck(guard))
        {
            _guardLevelReferences.Add((identifier, plan));
            return true;
        }

        var connection = guard;
        if (_isLazy)
        {
            if (guard.Parent is MemberAccessExpressionSyntax value && value.Expression == guard && value.Name.Identifier.ValueText == "Value")
            {
                connection = value;
            }
            else
            {
                return false;
            }
        }

        string? calledName = null;
        InvocationExpressionSyntax? call = null;
        if (connection.Parent is MemberAccessExpressionSyntax access && access.Expression == connection
            && access.Parent is InvocationExpressionSyntax invocation && invocation.Expression == access)
        {
            calledName = access.Name.Identifier.ValueText;
            call = invocation;
        }
        else if (connection.Parent is ConditionalAccessExpressionSyntax conditional && conditional.Expression == connection
                 && conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } bound)
        {
            calledName = binding.Name.Identifier.ValueText;
            call = bound;
        }

        switch (calledName)
        {
            case "Open" or "OpenAsync":
                // The guard opens the connection for each lease; opening it again would throw.
                var openStatement = SyntaxShapes.StatementOf(call!);
                if (openStatement is not null)
                {
                    plan.RemovedStatements.Add(openStatement);
                    return true;
                }

                // `void Connect() => connection.Open();` still connects now: through one short lease.
                if (call!.Parent is ArrowExpressionClauseSyntax && calledName == "Open" && connection.Parent is MemberAccessExpressionSyntax)
                {
                    var opener = _member is IParameterSymbol ? (ExpressionSyntax)IdentifierName(_guardName) : guard.WithoutTrivia();
                    plan.Replacements[call] = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                        InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, opener, IdentifierName(_dataSourceMode ? "OpenConnection" : "Acquire"))),
                        IdentifierName("Dispose")));
                    return true;
                }

                // `Task StartAsync(...) => connection.OpenAsync(ct);` has nothing left to do.
                if (call!.Parent is ArrowExpressionClauseSyntax && model.GetTypeInfo(call, _cancellationToken).Type is { } openType
                    && openType.ToDisplayString() == "System.Threading.Tasks.Task")
                {
                    plan.Replacements[call] = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Qualified(openType), IdentifierName("CompletedTask"))
                        .WithAdditionalAnnotations(Simplifier.Annotation);
                    return true;
                }

                return false;
            case "Close" or "CloseAsync" or "Dispose" or "DisposeAsync":
                var closeStatement = SyntaxShapes.StatementOf(call!);
                if (closeStatement is null && !_isLazy && !_dataSourceMode && call!.Parent is ArrowExpressionClauseSyntax
                    && _guardType.GetMembers(calledName).OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 0) is { } guardMethod)
                {
                    // `Task StopAsync(...) => connection.CloseAsync();`: the guard closes (its ValueTask made a Task when needed).
                    _guardLevelReferences.Add((identifier, plan));
                    if (model.GetTypeInfo(call, _cancellationToken).Type is { } closeType && closeType.Name != guardMethod.ReturnType.Name
                        && closeType.Name == "Task" && guardMethod.ReturnType.Name == "ValueTask")
                    {
                        var guardCall = _member is IParameterSymbol ? (ExpressionSyntax)IdentifierName(_guardName) : guard.WithoutTrivia();
                        plan.Replacements[call] = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                            InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, guardCall, IdentifierName(calledName))),
                            IdentifierName("AsTask")));
                    }

                    return true;
                }

                if (closeStatement is null || _isLazy)
                {
                    return false;
                }

                _closeCalls.Add(new CloseCall(closeStatement, calledName, guard, identifier, plan));
                return true;
        }

        if (Escapes(connection, model))
        {
            return false;
        }

        var transaction = calledName is "BeginTransaction" or "BeginTransactionAsync" && connection.Parent is MemberAccessExpressionSyntax ? call : null;
        _uses.Add(new Use(connection, guard, plan, transaction));
        return true;
    }

    private static bool IsNullCheck(ExpressionSyntax expression) => expression.Parent switch
    {
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression) =>
            (binary.Left == expression ? binary.Right : binary.Left).IsKind(SyntaxKind.NullLiteralExpression),
        IsPatternExpressionSyntax pattern => pattern.Pattern is ConstantPatternSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } }
            or UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } } },
        _ => false,
    };

    /// <summary>The connection would outlive the lease: returned, stored in a member, handed to a stored object, or disposed.</summary>
    private bool Escapes(ExpressionSyntax connection, SemanticModel model)
    {
        switch (connection.Parent)
        {
            case ReturnStatementSyntax or ArrowExpressionClauseSyntax or YieldStatementSyntax or UsingStatementSyntax:
                return true;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax local } }:
                return local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword);
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: UsingStatementSyntax } }:
                return true;
            case EqualsValueClauseSyntax:
                return connection.Parent.Parent is not VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax };
            case AssignmentExpressionSyntax assignment when assignment.Right == connection:
                return StoresInMember(assignment.Left, model);
            case ArgumentSyntax { Parent.Parent: BaseObjectCreationExpressionSyntax creation }:
                return creation.Parent is EqualsValueClauseSyntax { Parent.Parent.Parent: FieldDeclarationSyntax }
                    || creation.Parent is AssignmentExpressionSyntax stored && stored.Right == creation && StoresInMember(stored.Left, model);
            default:
                return false;
        }
    }

    /// <summary>
    /// A field or property that outlives the unit of work: one of this type's (or a static one). <c>command.Connection =
    /// connection</c> on a local command does not: the command dies with the unit of work.
    /// </summary>
    private bool StoresInMember(ExpressionSyntax target, SemanticModel model)
    {
        var symbol = model.GetSymbolInfo(target, _cancellationToken).Symbol;
        if (symbol is not (IFieldSymbol or IPropertySymbol))
        {
            return false;
        }

        if (symbol.IsStatic || target is IdentifierNameSyntax)
        {
            return true;
        }

        return target is not MemberAccessExpressionSyntax { Expression: var owner }
            || owner is ThisExpressionSyntax or BaseExpressionSyntax
            || model.GetSymbolInfo(owner, _cancellationToken).Symbol is not (ILocalSymbol or IParameterSymbol);
    }

    private bool DetermineConnectionType()
    {
        var dbConnection = _compilation.GetTypeByMetadataName("System.Data.Common.DbConnection");
        if (dbConnection is null || _declaredConnectionType is null)
        {
            return false;
        }

        if ((_declaredConnectionType.TypeKind == TypeKind.Class && DerivesFrom(_declaredConnectionType, dbConnection))
            || (_declaredConnectionType is ITypeParameterSymbol typeParameter && typeParameter.ConstraintTypes.Any(c => DerivesFrom(c, dbConnection))))
        {
            _connectionType = _declaredConnectionType;
            return !_dataSourceMode || (_dataSourceType = DataSourceFor(_compilation, _connectionType)) is not null;
        }

        if (_isLazy)
        {
            return false;
        }

        // IDbConnection (or an interface): only a visible concrete construction tells which guard to build.
        ITypeSymbol? concrete = null;
        foreach (var source in _sources)
        {
            if (source.IsKind(SyntaxKind.NullLiteralExpression) || source.IsKind(SyntaxKind.DefaultLiteralExpression))
            {
                continue;
            }

            var type = Model(source.SyntaxTree).GetTypeInfo(source, _cancellationToken).Type;
            if (type is null || type.TypeKind != TypeKind.Class || !DerivesFrom(type, dbConnection)
                || (concrete is not null && !SymbolEqualityComparer.Default.Equals(concrete, type)))
            {
                return false;
            }

            concrete = type;
        }

        _connectionType = concrete;
        return concrete is not null && (!_dataSourceMode || (_dataSourceType = DataSourceFor(_compilation, concrete)) is not null);
    }

    private static bool DerivesFrom(ITypeSymbol type, ITypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private bool PlanDeclaration()
    {
        if (_dataSourceMode && (_isLazy || _member is IParameterSymbol))
        {
            return false;
        }

        if (_member.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        var declaration = _member.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken);
        var plan = PlanFor(declaration.SyntaxTree);
        if (plan is null)
        {
            return false;
        }

        switch (declaration)
        {
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } variables } declarator:
                plan.Replacements[variables.Type] = GuardTypeSyntax();
                return declarator.Initializer is null || PlanConstruction(declarator.Initializer.Value, plan);
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax multiField } } declarator:
                plan.SplitFields[multiField] = (declarator, GuardTypeSyntax());
                return declarator.Initializer is null || PlanConstruction(declarator.Initializer.Value, plan);
            case PropertyDeclarationSyntax { AccessorList: { } accessors } property
                when accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null):
                plan.Replacements[property.Type] = GuardTypeSyntax();
                return property.Initializer is null || PlanConstruction(property.Initializer.Value, plan);
            case ParameterSyntax { Parent.Parent: TypeDeclarationSyntax type } parameter:
                var construction = GuardFromExisting(IdentifierName(parameter.Identifier.ValueText), _connectionType!);
                if (construction is null)
                {
                    return false;
                }

                var field = FieldDeclaration(
                        VariableDeclaration(GuardTypeSyntax())
                            .AddVariables(VariableDeclarator(_guardName).WithInitializer(EqualsValueClause(construction))))
                    .AddModifiers(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.ReadOnlyKeyword));
                plan.InsertedFields[type] = field;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Turns what used to build the connection into the guard's construction, with a factory for new connections.</summary>
    private bool PlanConstruction(ExpressionSyntax source, DocumentPlan plan)
    {
        if (source.IsKind(SyntaxKind.NullLiteralExpression) || source.IsKind(SyntaxKind.DefaultLiteralExpression))
        {
            return true;
        }

        var model = Model(source.SyntaxTree);
        var connectionType = _connectionType!;
        if (_dataSourceMode)
        {
            return PlanDataSourceConstruction(source, plan, model);
        }

        ExpressionSyntax? construction;
        if (_isLazy)
        {
            construction = source is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } lazyCreation
                && model.GetSymbolInfo(lazyCreation, _cancellationToken).Symbol is IMethodSymbol { Parameters.Length: > 0 } lazyConstructor
                && lazyConstructor.Parameters[0].Type is INamedTypeSymbol { Name: "Func" }
                ? NewGuard(lazyCreation.ArgumentList!.Arguments[0].Expression.WithoutTrivia())
                : null;
        }
        else if (source.DescendantNodesAndSelf().Any(n => n is AwaitExpressionSyntax))
        {
            return false;
        }
        else
        {
            var type = model.GetTypeInfo(source, _cancellationToken).Type;
            if (type is null || !DerivesFrom(type, connectionType))
            {
                return false;
            }

            construction = source switch
            {
                ObjectCreationExpressionSyntax creation => NewGuard(Factory(creation.WithoutTrivia())),
                ImplicitObjectCreationExpressionSyntax implicitCreation => NewGuard(Factory(ObjectCreationExpression(
                    Qualified(type), implicitCreation.ArgumentList, implicitCreation.Initializer))),
                // A call that creates a connection can be called again for each replacement...
                InvocationExpressionSyntax call when SyntaxShapes.InvokedName(call) is var called
                    && (called.StartsWith("Create", StringComparison.Ordinal) || called.StartsWith("New", StringComparison.Ordinal)
                        || called.StartsWith("Build", StringComparison.Ordinal) || called.StartsWith("Make", StringComparison.Ordinal)) =>
                    NewGuard(Factory(source.WithoutTrivia())),
                // ...anything else may hand out one shared instance (a parameter, a cast, `x ?? throw`, an accessor):
                // the guard takes that connection over instead of asking for it again.
                _ => GuardFromExisting(source.WithoutTrivia(), type),
            };
        }

        if (construction is null)
        {
            return false;
        }

        plan.Replacements[source] = construction;
        return true;
    }

    /// <summary><c>new MySqlConnection(cs)</c> becomes <c>new MySqlDataSource(cs)</c> (<c>NpgsqlDataSource.Create(cs)</c> for Npgsql).</summary>
    private bool PlanDataSourceConstruction(ExpressionSyntax source, DocumentPlan plan, SemanticModel model)
    {
        if (source is not BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1, Initializer: null } creation
            || !SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(source, _cancellationToken).Type, _connectionType)
            || model.GetTypeInfo(creation.ArgumentList!.Arguments[0].Expression, _cancellationToken).Type?.SpecialType != SpecialType.System_String)
        {
            return false;
        }

        var arguments = creation.ArgumentList!.WithoutTrivia();
        plan.Replacements[source] = _dataSourceType!.Name == "NpgsqlDataSource"
            ? InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Qualified(_dataSourceType), IdentifierName("Create")), arguments)
            : ObjectCreationExpression(GuardTypeSyntax()).WithArgumentList(arguments);
        return true;
    }

    private static ExpressionSyntax Factory(ExpressionSyntax body) => ParenthesizedLambdaExpression(body);

    /// <summary>
    /// A connection handed in from outside (injected, passed to the constructor): the guard builds copies of it, or —
    /// when the runtime has that constructor — takes it over and builds replacements from its connection string.
    /// </summary>
    private ExpressionSyntax? GuardFromExisting(ExpressionSyntax source, ITypeSymbol type)
    {
        if (_dataSourceMode)
        {
            // A data source needs the connection string, which an opened connection no longer has.
            return null;
        }

        // StaleConn.Runtime's guard over an existing connection (it owns the connection and builds
        // replacements from its connection string): no lambda keeps the injected connection or parameter alive.
        if (_guardType.InstanceConstructors.Any(c => c.Parameters.Length > 0 && c.Parameters[0].Type.TypeKind == TypeKind.TypeParameter))
        {
            return ObjectCreationExpression(GuardTypeSyntax()).WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(source))));
        }

        if (source is not (SimpleNameSyntax or MemberAccessExpressionSyntax or ParenthesizedExpressionSyntax))
        {
            source = ParenthesizedExpression(source).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var clone in current.GetMembers("Clone").OfType<IMethodSymbol>())
            {
                if (clone is { IsStatic: false, Parameters.Length: 0, DeclaredAccessibility: Accessibility.Public }
                    && DerivesFrom(clone.ReturnType, _connectionType!))
                {
                    return NewGuard(Factory(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, source, IdentifierName("Clone")))));
                }
            }
        }

        var cloneable = _compilation.GetTypeByMetadataName("System.ICloneable");
        if (cloneable is not null && type.AllInterfaces.Contains(cloneable, SymbolEqualityComparer.Default))
        {
            var cloned = InvocationExpression(MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                ParenthesizedExpression(CastExpression(Qualified(cloneable), source)),
                IdentifierName("Clone")));
            return NewGuard(Factory(CastExpression(Qualified(_connectionType!), cloned).WithAdditionalAnnotations(Simplifier.Annotation)));
        }

        return null;
    }

    private ExpressionSyntax NewGuard(ExpressionSyntax factory) =>
        ObjectCreationExpression(GuardTypeSyntax()).WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(factory))));
}
