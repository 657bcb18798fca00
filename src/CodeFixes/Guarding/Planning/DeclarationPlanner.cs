using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// The member's declaration and what builds it: the type becomes the guard (or data source), and each construction
/// becomes the guard's construction — a factory for new connections, or a take-over of a connection handed in.
/// </summary>
internal sealed class DeclarationPlanner
{
    private readonly PlanContext _context;
    private readonly MemberShape _shape;
    private readonly ConnectionTarget _target;
    private readonly MemberReferences _references;
    private readonly HashSet<StatementSyntax> _foldedStringSettings = new();
    private ExpressionSyntax? _stringSetBeforeEachOpen;

    private DeclarationPlanner(PlanContext context, MemberShape shape, MemberReferences references, ConnectionTarget target)
    {
        _context = context;
        _shape = shape;
        _references = references;
        _target = target;
    }

    /// <summary>Plans the declaration and every assigned construction; the reason when one cannot be rewritten.</summary>
    public static NoFixReason? Plan(PlanContext context, MemberShape shape, MemberReferences references, ConnectionTarget target)
    {
        var planner = new DeclarationPlanner(context, shape, references, target);
        if (!context.PerUseMode && references.Sources.All(s => IsEmptyConstruction(s) || IsNothing(s)))
        {
            planner._stringSetBeforeEachOpen = StringSetBeforeEachOpen.CommonValue(context, references);
        }

        if (planner.PlanDeclaration() is { } reason)
        {
            return reason;
        }

        foreach (var (source, plan) in references.AssignedSources)
        {
            if (planner.PlanConstruction(source, plan) is { } failed)
            {
                return failed;
            }
        }

        // A string set anywhere but right after an empty construction would reach only the connection of one lease.
        return references.StringSettings.All(s => planner._foldedStringSettings.Contains(s.Statement)) ? null : NoFixReason.ConnectionStringSetApart;
    }

    /// <summary>The type the member is declared with after the fix.</summary>
    public static TypeSyntax GuardTypeSyntax(PlanContext context, ConnectionTarget target) =>
        TypeNames.Qualified(context.DataSourceMode ? target.DataSourceType! : context.GuardType.Construct(target.ConnectionType));

    private ISymbol Member => _context.Member;

    private TypeSyntax GuardTypeSyntax() => GuardTypeSyntax(_context, _target);

    // A member declared `MySqlConnection?` (set later, by Initialize()) keeps its annotation: `ConnectionGuard<MySqlConnection>?`.
    private static TypeSyntax AnnotatedLike(TypeSyntax original, TypeSyntax replacement) =>
        original is NullableTypeSyntax ? NullableType(replacement) : replacement;

    private NoFixReason? PlanDeclaration()
    {
        if (_context.DataSourceMode && (_shape.IsLazy || Member is IParameterSymbol))
        {
            return NoFixReason.PerUseUnsupportedMember;
        }

        if (Member.DeclaringSyntaxReferences.Length != 1)
        {
            return NoFixReason.SeveralDeclarations;
        }

        var declaration = Member.DeclaringSyntaxReferences[0].GetSyntax(_context.CancellationToken);
        var plan = _context.PlanFor(declaration.SyntaxTree);
        if (plan is null)
        {
            return NoFixReason.UnsupportedMemberKind;
        }

        switch (declaration)
        {
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } variables } declarator:
                plan.Replacements[variables.Type] = AnnotatedLike(variables.Type, GuardTypeSyntax());
                if (!_context.PerUseMode && BuildInConstructor(declarator, plan))
                {
                    return null;
                }

                return declarator.Initializer is null ? null : PlanConstruction(declarator.Initializer.Value, plan);
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax multiField } } declarator:
                plan.SplitFields[multiField] = (declarator, AnnotatedLike(multiField.Declaration.Type, GuardTypeSyntax()));
                return declarator.Initializer is null ? null : PlanConstruction(declarator.Initializer.Value, plan);
            case PropertyDeclarationSyntax { AccessorList: { } accessors } property
                when accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null):
                plan.Replacements[property.Type] = AnnotatedLike(property.Type, GuardTypeSyntax());
                return property.Initializer is null ? null : PlanConstruction(property.Initializer.Value, plan);
            case ParameterSyntax { Parent.Parent: TypeDeclarationSyntax type } parameter:
                var construction = GuardFromExisting(Injected(IdentifierName(parameter.Identifier.ValueText)), _target.ConnectionType);
                if (construction is null)
                {
                    return NoFixReason.CannotRebuildConnection;
                }

                var field = FieldDeclaration(
                        VariableDeclaration(GuardTypeSyntax())
                            .AddVariables(VariableDeclarator(_shape.GuardName).WithInitializer(EqualsValueClause(construction))))
                    .AddModifiers(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.ReadOnlyKeyword));
                plan.InsertedFields[type] = field;
                return null;
            default:
                return NoFixReason.UnsupportedMemberKind;
        }
    }

    /// <summary>Turns what used to build the connection into the guard's construction, with a factory for new connections.</summary>
    private NoFixReason? PlanConstruction(ExpressionSyntax source, DocumentPlan plan)
    {
        if (source.IsKind(SyntaxKind.NullLiteralExpression) || source.IsKind(SyntaxKind.DefaultLiteralExpression))
        {
            return null;
        }

        if (source is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed
            && (suppressed.Operand.IsKind(SyntaxKind.NullLiteralExpression) || suppressed.Operand.IsKind(SyntaxKind.DefaultLiteralExpression)))
        {
            // `= null!` until StartAsync assigns it: the guard, too, is assigned there.
            return null;
        }

        var original = source;
        var model = _context.Model(source.SyntaxTree);
        var connectionType = _target.ConnectionType;
        if (_context.DataSourceMode)
        {
            return PlanDataSourceConstruction(source, plan, model);
        }

        ExpressionSyntax? construction;
        if (_shape.IsLazy)
        {
            construction = source is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } lazyCreation
                && model.GetSymbolInfo(lazyCreation, _context.CancellationToken).Symbol is IMethodSymbol { Parameters.Length: > 0 } lazyConstructor
                && lazyConstructor.Parameters[0].Type is INamedTypeSymbol { Name: "Func" }
                ? NewGuard(lazyCreation.ArgumentList!.Arguments[0].Expression.WithoutTrivia())
                : null;
        }
        else if (source.DescendantNodesAndSelf().Any(n => n is AwaitExpressionSyntax))
        {
            return NoFixReason.ConstructionAwaits;
        }
        else
        {
            var type = model.GetTypeInfo(source, _context.CancellationToken).Type;
            if (_target.InjectedAsInterface && type is { TypeKind: TypeKind.Interface })
            {
                source = Injected(source);
                type = connectionType;
            }

            if (type is null || !ConnectionTarget.DerivesFrom(type, connectionType))
            {
                // rameen-ihtasham/SchoolManagementSystem's forms call a `Configuration` class that is not in scope.
                return type is null or { TypeKind: TypeKind.Error } || UncompiledValues.DoesNotCompile(source, model, _context.CancellationToken)
                    ? NoFixReason.ConstructionDoesNotCompile
                    : NoFixReason.ConstructionNotAConnection;
            }

            if (BuildAtStringSetting(source, type, model, plan))
            {
                return null;
            }

            if (FoldStringSetBeforeEachOpen(source, type) is { } givenItsString)
            {
                source = givenItsString;
            }
            else if (FoldStringSetting(source, type, model) is { } built)
            {
                source = built;
            }

            construction = source switch
            {
                ObjectCreationExpressionSyntax creation => NewGuard(Factory(creation.WithoutTrivia())),
                ImplicitObjectCreationExpressionSyntax implicitCreation => NewGuard(Factory(ObjectCreationExpression(
                    TypeNames.Qualified(type), implicitCreation.ArgumentList, implicitCreation.Initializer))),
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
            return NoFixReason.CannotRebuildConnection;
        }

        plan.Replacements[original] = construction;
        return null;
    }

    /// <summary>
    /// <c>_conn = new SqlConnection(); _conn.ConnectionString = cs;</c>: the construction with the string set in its
    /// initializer (<c>new SqlConnection { ConnectionString = cs }</c>), so every connection the guard builds gets it.
    /// Only the statement right after the construction, with a value the factory can read again to the same effect.
    /// </summary>
    private ExpressionSyntax? FoldStringSetting(ExpressionSyntax source, ITypeSymbol type, SemanticModel model)
    {
        if (_references.StringSettings.Count == 0
            || !IsEmptyConstruction(source)
            || source.Parent is not AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: BlockSyntax block } constructed }
            || block.Statements.IndexOf(constructed) + 1 is var next && next >= block.Statements.Count)
        {
            return null;
        }

        var setting = _references.StringSettings.FirstOrDefault(s => s.Statement == block.Statements[next]);
        if (setting.Statement is null || !ReadableAgain(setting.Value, block, model))
        {
            return null;
        }

        _foldedStringSettings.Add(setting.Statement);
        return WithConnectionString(type, setting.Value);
    }

    /// <summary>
    /// An empty construction of a member whose every open comes right after setting it the same string
    /// (<see cref="StringSetBeforeEachOpen"/>): built with that string, which every setting then had; the settings go.
    /// </summary>
    private ExpressionSyntax? FoldStringSetBeforeEachOpen(ExpressionSyntax source, ITypeSymbol type)
    {
        if (_stringSetBeforeEachOpen is not { } value || !IsEmptyConstruction(source))
        {
            return null;
        }

        foreach (var setting in _references.StringSettings)
        {
            var settingModel = _context.Model(setting.Statement.SyntaxTree);
            if (setting.Statement.Ancestors().OfType<BlockSyntax>().FirstOrDefault() is not { } block
                || !ReadableAgain(setting.Value, block, settingModel)
                || !StringSetBeforeEachOpen.ReadableAt(setting.Value, settingModel, source, _context))
            {
                return null;
            }
        }

        _foldedStringSettings.UnionWith(_references.StringSettings.Select(s => s.Statement));
        return WithConnectionString(type, value);
    }

    private static bool IsNothing(ExpressionSyntax source) =>
        source.IsKind(SyntaxKind.NullLiteralExpression) || source.IsKind(SyntaxKind.DefaultLiteralExpression)
        || source is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed && IsNothing(suppressed.Operand);

    /// <summary><c>new SqlConnection()</c>: a construction that gives the connection no string.</summary>
    internal static bool IsEmptyConstruction(ExpressionSyntax source) =>
        source is BaseObjectCreationExpressionSyntax { Initializer: null } creation && creation.ArgumentList is null or { Arguments.Count: 0 };

    /// <summary><c>new T() { ConnectionString = value }</c>: the empty construction with the string set after it.</summary>
    private static ExpressionSyntax WithConnectionString(ITypeSymbol type, ExpressionSyntax value) =>
        ObjectCreationExpression(TypeNames.Qualified(type)).WithArgumentList(ArgumentList()).WithInitializer(InitializerExpression(
            SyntaxKind.ObjectInitializerExpression,
            SingletonSeparatedList<ExpressionSyntax>(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName("ConnectionString"), value.WithoutTrivia()))));

    /// <summary>
    /// <c>mysql = new MySqlConnection(); var s = string.Format(...); mysql.ConnectionString = s;</c> (the "Unity networked
    /// game" book's DbManager.Connect, in oowadanoko/MultiplayerTankBattle, Koroshiya71/Slay-the-Touhou-RE and
    /// copper09as/Personal-Unity-Frame): the string is known only later in the block, so the guard is built there and
    /// the empty construction goes. Nothing between the two may name the member.
    /// </summary>
    private bool BuildAtStringSetting(ExpressionSyntax source, ITypeSymbol type, SemanticModel model, DocumentPlan plan)
    {
        if (_references.StringSettings.Count == 0
            || !IsEmptyConstruction(source)
            || source.Parent is not AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: BlockSyntax block } constructed })
        {
            return false;
        }

        var from = block.Statements.IndexOf(constructed);
        var setting = _references.StringSettings.FirstOrDefault(s => s.Statement.Parent == block && block.Statements.IndexOf(s.Statement) > from + 1);
        if (setting.Statement is null
            || ((AssignmentExpressionSyntax)setting.Statement.Expression).Left is not MemberAccessExpressionSyntax { Expression: var target }
            || !ReadableAgain(setting.Value, block, model))
        {
            return false;
        }

        var names = new HashSet<string> { Member.Name };
        for (var i = from + 1; i < block.Statements.IndexOf(setting.Statement); i++)
        {
            if (SyntaxShapes.MentionsAny(block.Statements[i], names))
            {
                return false;
            }
        }

        plan.RemovedStatements.Add(constructed);
        BuildGuardAt(setting, target, type);
        return true;
    }

    /// <summary>
    /// <c>MySqlConnection connection = new MySqlConnection();</c> whose only constructor sets its string first
    /// (Mrs-Feathers/kittyircbot's databaseMYSQL, bullnik/WrongQuestion's InternalDatabase): the guard is built in
    /// that statement's place, where the string is known, and the declaration loses its initializer.
    /// </summary>
    private bool BuildInConstructor(VariableDeclaratorSyntax declarator, DocumentPlan plan)
    {
        if (_references.StringSettings.Count != 1 || _references.AssignedSources.Count != 0
            || declarator.Initializer?.Value is not { } creation || !IsEmptyConstruction(creation)
            || Member.ContainingType is not { TypeKind: TypeKind.Class } owner)
        {
            return false;
        }

        var setting = _references.StringSettings[0];
        var constructors = Member.IsStatic ? owner.StaticConstructors : owner.InstanceConstructors;
        if (ConstructorBodyOf(setting.Statement) is not { } body || body.Parent is not ConstructorDeclarationSyntax constructor
            || constructor.Initializer is { ThisOrBaseKeyword.RawKind: (int)SyntaxKind.ThisKeyword }
            || constructors.Length != 1
            || !constructors[0].DeclaringSyntaxReferences.Any(r => r.GetSyntax(_context.CancellationToken) == constructor)
            || ((AssignmentExpressionSyntax)setting.Statement.Expression).Left is not MemberAccessExpressionSyntax { Expression: var target })
        {
            return false;
        }

        // Nothing in the constructor may reach the member before (or besides) the statement that now builds the guard.
        var model = _context.Model(constructor.SyntaxTree);
        if (_references.Uses.Any(u => u.Connection.SyntaxTree == constructor.SyntaxTree && constructor.Span.Contains(u.Connection.Span))
            || _references.CloseCalls.Any(c => c.Statement.SyntaxTree == constructor.SyntaxTree && constructor.Span.Contains(c.Statement.Span))
            || _references.DisposingUsings.Any(d => d.Statement.SyntaxTree == constructor.SyntaxTree && constructor.Span.Contains(d.Statement.Span))
            || !ReadableAgain(setting.Value, body, model)
            || _context.Model(declarator.SyntaxTree).GetTypeInfo(creation, _context.CancellationToken).Type is not { } type)
        {
            return false;
        }

        plan.Replacements[declarator] = declarator.WithInitializer(null);
        BuildGuardAt(setting, target, type);
        return true;
    }

    /// <summary>
    /// The constructor body <paramref name="statement"/> stands in: directly, or in a <c>try</c> there whose every catch
    /// throws (GeneratorData's static constructor): the guard is then built, or the constructor fails, as before.
    /// </summary>
    private static BlockSyntax? ConstructorBodyOf(StatementSyntax statement) => statement.Parent switch
    {
        BlockSyntax { Parent: ConstructorDeclarationSyntax } body => body,
        BlockSyntax { Parent: TryStatementSyntax { Finally: null, Parent: BlockSyntax { Parent: ConstructorDeclarationSyntax } body } tryStatement }
            when tryStatement.Catches.All(c => c.Block.Statements.LastOrDefault() is ThrowStatementSyntax) => body,
        _ => null,
    };

    /// <summary><c>member.ConnectionString = value;</c> becomes <c>member = new ConnectionGuard&lt;T&gt;(() =&gt; new T() { ConnectionString = value });</c>.</summary>
    private void BuildGuardAt((ExpressionStatementSyntax Statement, ExpressionSyntax Value, DocumentPlan Plan) setting, ExpressionSyntax target, ITypeSymbol type)
    {
        setting.Plan.RemovedStatements.Remove(setting.Statement);
        setting.Plan.Replacements[setting.Statement] = ExpressionStatement(AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression, target.WithoutTrivia(), NewGuard(Factory(WithConnectionString(type, setting.Value)))));
        _foldedStringSettings.Add(setting.Statement);
    }

    /// <summary>
    /// The factory reads <paramref name="value"/> again for each connection it builds: it must change nothing, not
    /// name the member, and read no local or parameter written after its declaration (a lambda would see the new value).
    /// </summary>
    private bool ReadableAgain(ExpressionSyntax value, BlockSyntax block, SemanticModel model)
    {
        // A lambda in a struct cannot capture `this`.
        if (value.DescendantNodesAndSelf().Any(n => n is AwaitExpressionSyntax or AssignmentExpressionSyntax
                || n.IsKind(SyntaxKind.PreIncrementExpression) || n.IsKind(SyntaxKind.PreDecrementExpression)
                || n.IsKind(SyntaxKind.PostIncrementExpression) || n.IsKind(SyntaxKind.PostDecrementExpression))
            || value.DescendantNodesAndSelf().OfType<ArgumentSyntax>().Any(a => !a.RefKindKeyword.IsKind(SyntaxKind.None))
            || block.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is StructDeclarationSyntax or RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: (int)SyntaxKind.StructKeyword })
        {
            return false;
        }

        var function = block.Ancestors().FirstOrDefault(SyntaxShapes.IsFunction) ?? block;
        foreach (var name in value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            var symbol = model.GetSymbolInfo(name, _context.CancellationToken).Symbol;
            if (_context.IsMember(symbol)
                || symbol is IParameterSymbol { RefKind: not RefKind.None }
                || symbol is ILocalSymbol or IParameterSymbol && IsWrittenIn(function, symbol, model))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsWrittenIn(SyntaxNode function, ISymbol symbol, SemanticModel model) =>
        function.DescendantNodes().Any(n => n switch
        {
            AssignmentExpressionSyntax assignment => Names(assignment.Left, symbol, model),
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => Names(prefix.Operand, symbol, model),
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => Names(postfix.Operand, symbol, model),
            ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) => Names(argument.Expression, symbol, model),
            _ => false,
        });

    private bool Names(ExpressionSyntax expression, ISymbol symbol, SemanticModel model) =>
        expression is IdentifierNameSyntax && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression, _context.CancellationToken).Symbol, symbol);

    /// <summary><c>new MySqlConnection(cs)</c> becomes <c>new MySqlDataSource(cs)</c> (<c>NpgsqlDataSource.Create(cs)</c> for Npgsql).</summary>
    private NoFixReason? PlanDataSourceConstruction(ExpressionSyntax source, DocumentPlan plan, SemanticModel model)
    {
        if (source is not BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1, Initializer: null } creation
            || !SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(source, _context.CancellationToken).Type, _target.ConnectionType)
            || model.GetTypeInfo(creation.ArgumentList!.Arguments[0].Expression, _context.CancellationToken).Type?.SpecialType != SpecialType.System_String)
        {
            return NoFixReason.NoConnectionStringInView;
        }

        var dataSource = _target.DataSourceType!;
        var arguments = creation.ArgumentList!.WithoutTrivia();
        plan.Replacements[source] = dataSource.Name == "NpgsqlDataSource"
            ? InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeNames.Qualified(dataSource), IdentifierName("Create")), arguments)
            : ObjectCreationExpression(GuardTypeSyntax()).WithArgumentList(arguments);
        return null;
    }

    private static ExpressionSyntax Factory(ExpressionSyntax body) => ParenthesizedLambdaExpression(body);

    /// <summary>An injected <c>IDbConnection</c>, cast to the type its registrations create.</summary>
    private ExpressionSyntax Injected(ExpressionSyntax source) =>
        _target.InjectedAsInterface ? CastExpression(TypeNames.Qualified(_target.ConnectionType), source.WithoutTrivia()) : source;

    /// <summary>
    /// A connection handed in from outside (injected, passed to the constructor): the guard builds copies of it, or —
    /// when the runtime has that constructor — guards it and builds replacements from it (<see cref="GuardOverExisting"/>).
    /// </summary>
    private ExpressionSyntax? GuardFromExisting(ExpressionSyntax source, ITypeSymbol type)
    {
        if (_context.DataSourceMode)
        {
            // A data source needs the connection string, which an opened connection no longer has.
            return null;
        }

        if (GuardOverExisting(source) is { } guarded)
        {
            return guarded;
        }

        if (source is not (SimpleNameSyntax or MemberAccessExpressionSyntax or ParenthesizedExpressionSyntax))
        {
            source = ParenthesizedExpression(source).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        var connectionType = _target.ConnectionType;
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var clone in current.GetMembers("Clone").OfType<IMethodSymbol>())
            {
                if (clone is { IsStatic: false, Parameters.Length: 0, DeclaredAccessibility: Accessibility.Public }
                    && ConnectionTarget.DerivesFrom(clone.ReturnType, connectionType))
                {
                    return NewGuard(Factory(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, source, IdentifierName("Clone")))));
                }
            }
        }

        var cloneable = _context.Compilation.GetTypeByMetadataName("System.ICloneable");
        if (cloneable is not null && type.AllInterfaces.Contains(cloneable, SymbolEqualityComparer.Default))
        {
            var cloned = InvocationExpression(MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                ParenthesizedExpression(CastExpression(TypeNames.Qualified(cloneable), source)),
                IdentifierName("Clone")));
            return NewGuard(Factory(CastExpression(TypeNames.Qualified(connectionType), cloned).WithAdditionalAnnotations(Simplifier.Annotation)));
        }

        return null;
    }

    /// <summary>
    /// StaleConn.Runtime's guard over an existing connection (no lambda keeps the injected connection or parameter
    /// alive); null for a runtime without that constructor. The connection stays its owner's (<c>leaveOpen: true</c>):
    /// a container or caller disposes it, maybe at the moment the guard would replace it, and two closes of one
    /// connection race inside the provider. Only a holder that disposes the member itself owned it: its guard does.
    /// </summary>
    private ExpressionSyntax? GuardOverExisting(ExpressionSyntax source)
    {
        var constructors = _context.GuardType.InstanceConstructors.Where(c => c.Parameters.Length > 0 && c.Parameters[0].Type.TypeKind == TypeKind.TypeParameter).ToList();
        if (constructors.Count == 0)
        {
            return null;
        }

        var arguments = SingletonSeparatedList(Argument(source));
        if (!HolderDisposesMember() && constructors.Any(c => c.Parameters.Length > 1 && c.Parameters[1] is { Name: LeaveOpenParameter, Type.SpecialType: SpecialType.System_Boolean }))
        {
            // Spaced here: a statement the fix rewrites in place is not formatted again.
            var leaveOpen = Argument(NameColon(IdentifierName(LeaveOpenParameter), Token(SyntaxKind.ColonToken).WithTrailingTrivia(Space)), default, LiteralExpression(SyntaxKind.TrueLiteralExpression));
            arguments = SeparatedList(new[] { Argument(source), leaveOpen }, new[] { Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space) });
        }

        return ObjectCreationExpression(GuardTypeSyntax()).WithArgumentList(ArgumentList(arguments));
    }

    /// <summary>The runtime constructor's parameter that leaves a handed connection to its owner.</summary>
    internal const string LeaveOpenParameter = "leaveOpen";

    private bool HolderDisposesMember() =>
        _references.DisposingUsings.Count > 0 || _references.CloseCalls.Any(c => c.Name is "Dispose" or "DisposeAsync");

    private ExpressionSyntax NewGuard(ExpressionSyntax factory) =>
        ObjectCreationExpression(GuardTypeSyntax()).WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(factory))));
}
