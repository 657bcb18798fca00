using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleConn.CodeFixes.Guarding;

/// <summary>
/// Decides every edit that turns one connection member into a <c>ConnectionGuard</c>: the declaration, its
/// construction, and each unit of work that uses it. Returns null — no fix — whenever an edit could not be made safely.
/// </summary>
internal sealed partial class GuardPlanner
{
    private const string GuardMetadataName = "StaleConn.ConnectionGuard`1";

    private readonly Project _project;
    private readonly Compilation _compilation;
    private readonly ISymbol _member;
    private readonly INamedTypeSymbol _guardType;
    private readonly bool _dataSourceMode;
    private INamedTypeSymbol? _dataSourceType;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<DocumentId, DocumentPlan> _plans = new();
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly List<Use> _uses = new();
    private readonly List<CloseCall> _closeCalls = new();
    private readonly List<ExpressionSyntax> _sources = new();
    private readonly List<(ExpressionSyntax Source, DocumentPlan Plan)> _assignedSources = new();
    private readonly HashSet<SyntaxNode> _removedIfs = new();
    private readonly List<(IdentifierNameSyntax Node, DocumentPlan Plan)> _guardLevelReferences = new();
    private readonly WaitDetector _waits;

    private ITypeSymbol? _connectionType;
    private bool _isLazy;
    private string _guardName;

    private GuardPlanner(Project project, Compilation compilation, ISymbol member, INamedTypeSymbol guardType, bool dataSourceMode, CancellationToken cancellationToken)
    {
        _dataSourceMode = dataSourceMode;
        _project = project;
        _compilation = compilation;
        _member = member;
        _guardType = guardType;
        _cancellationToken = cancellationToken;
        _guardName = member.Name;
        _waits = new WaitDetector(compilation, Model);
    }

    /// <summary>True when the project can see StaleConn's runtime guard.</summary>
    public static bool GuardIsAvailable(Compilation compilation) => compilation.GetTypeByMetadataName(GuardMetadataName) is not null;

    /// <summary>The edits for one member, or null when the member cannot be guarded safely.</summary>
    /// <param name="dataSourceMode">Turn the member into the provider's <c>DbDataSource</c> instead of a guard.</param>
    public static async Task<IReadOnlyCollection<DocumentPlan>?> PlanAsync(Project project, ISymbol member, bool dataSourceMode, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var guardType = compilation?.GetTypeByMetadataName(dataSourceMode ? "System.Data.Common.DbDataSource" : GuardMetadataName);
        if (compilation is null || guardType is null)
        {
            return null;
        }

        var planner = new GuardPlanner(project, compilation, member, guardType, dataSourceMode, cancellationToken);
        if (!await planner.PlanAsync().ConfigureAwait(false))
        {
            return null;
        }

        foreach (var plan in planner._plans.Values)
        {
            plan.UsesAreConnections = dataSourceMode;
        }

        return planner._plans.Values.Where(p => !p.IsEmpty).ToList();
    }

    /// <summary>The provider's data source for a connection type (MySqlConnector, Npgsql), when the project targets .NET 7+.</summary>
    public static INamedTypeSymbol? DataSourceFor(Compilation compilation, ITypeSymbol connectionType)
    {
        if (compilation.GetTypeByMetadataName("System.Data.Common.DbDataSource") is null)
        {
            return null;
        }

        return connectionType.ToDisplayString() switch
        {
            "MySqlConnector.MySqlConnection" => compilation.GetTypeByMetadataName("MySqlConnector.MySqlDataSource"),
            "Npgsql.NpgsqlConnection" => compilation.GetTypeByMetadataName("Npgsql.NpgsqlDataSource"),
            _ => null,
        };
    }

    private async Task<bool> PlanAsync()
    {
        if (!DetermineMemberShape() || await IsReferencedFromOtherProjectsAsync().ConfigureAwait(false))
        {
            return false;
        }

        if (!await CollectReferencesAsync().ConfigureAwait(false) || !DetermineConnectionType() || !PlanDeclaration())
        {
            return false;
        }

        foreach (var (source, plan) in _assignedSources)
        {
            if (!PlanConstruction(source, plan))
            {
                return false;
            }
        }

        RemoveOpenOnlyIfStatements();
        return PlanUnitsOfWork() && RenameGuardLevelReferences();
    }

    private bool DetermineMemberShape()
    {
        switch (_member)
        {
            case IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false }:
            case IPropertySymbol { IsIndexer: false, IsImplicitlyDeclared: false }:
                return _member.Locations.All(l => l.IsInSource);
            case IParameterSymbol { ContainingSymbol: IMethodSymbol constructor, RefKind: RefKind.None } parameter
                when PrimaryConstructors.IsPrimaryConstructor(constructor) && !constructor.ContainingType.IsRecord:
                // The guard lives in a new field; members then reference the field, so the parameter is no longer captured.
                _guardName = "_" + parameter.Name;
                return constructor.ContainingType.GetMembers(_guardName).IsEmpty;
            default:
                return false;
        }
    }

    private SemanticModel Model(SyntaxTree tree)
    {
        if (!_models.TryGetValue(tree, out var model))
        {
            // One model per tree for the whole plan (RS1030 is about analyzers; code fixes may ask the compilation).
            model = _compilation.GetSemanticModel(tree);
            _models[tree] = model;
        }

        return model;
    }

    private DocumentPlan? PlanFor(SyntaxTree tree)
    {
        var document = _project.GetDocument(tree);
        if (document is null)
        {
            return null;
        }

        if (!_plans.TryGetValue(document.Id, out var plan))
        {
            plan = new DocumentPlan(document, tree.GetRoot(_cancellationToken));
            _plans[document.Id] = plan;
        }

        return plan;
    }

    private bool IsMember(ISymbol? symbol) =>
        symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, _member.OriginalDefinition);

    private async Task<bool> IsReferencedFromOtherProjectsAsync()
    {
        if (_member.DeclaredAccessibility == Accessibility.Private || _member is IParameterSymbol)
        {
            return false;
        }

        foreach (var other in _project.Solution.Projects)
        {
            if (other.Id == _project.Id || !other.ProjectReferences.Any(r => r.ProjectId == _project.Id))
            {
                continue;
            }

            var compilation = await other.GetCompilationAsync(_cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                return true;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                var root = await tree.GetRootAsync(_cancellationToken).ConfigureAwait(false);
                SemanticModel? model = null;
                foreach (var identifier in root.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (identifier.Identifier.ValueText != _member.Name)
                    {
                        continue;
                    }

                    model ??= compilation.GetSemanticModel(tree);
                    var symbol = model.GetSymbolInfo(identifier, _cancellationToken).Symbol;
                    if (symbol is not null && DocumentationCommentId.CreateDeclarationId(symbol.OriginalDefinition) == DocumentationCommentId.CreateDeclarationId(_member))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static TypeSyntax Qualified(ITypeSymbol type) => TypeNames.Qualified(type);

    private TypeSyntax GuardTypeSyntax() => Qualified(_dataSourceMode ? _dataSourceType! : _guardType.Construct(_connectionType!));
}
