using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using StaleConn.Analyzers.Rules;
using StaleConn.Analyzers.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// Every positive case of the SC0001/SC0002/SC0004/SC0005 analyzer tests, read from their test files, must get its first
/// fix (the guard, or a pooled connection per use for SC0004),
/// and applying it alone must add no compile error and make the finding go away. The few findings that must not get a
/// guard fix (a cast that could fail at run time, a record's public parameter) are listed, with the reason.
/// </summary>
public class AnalyzerCorpusTests
{
    /// <summary>Findings deliberately left without a fix that <see cref="NoFixReason"/> does not recognise: "test method / member".</summary>
    private static readonly Dictionary<string, string> NoFixExpected = new()
    {
        ["Parameter_captured_by_a_lambda_in_an_initializer_is_reported / CounterWorker.db"] =
            "a lambda in an instance field initializer cannot reach a guard field (CS0236)",
        ["Loop_that_runs_while_a_statement_finds_work_is_reported_though_it_compares_with_a_constant / Purger.connection"] =
            "the loop's condition uses the connection: a per-iteration scope in the body cannot hold that use",
        ["Connection_used_by_two_waiting_loops_and_a_timer_is_reported_once_at_the_first_loop / Poller.connection"] =
            "used by two loops and a timer callback: one per-iteration scope cannot hold every use",
        ["Waiting_loop_with_a_counter_only_in_a_disjunction_is_reported / Waiter.connection"] =
            "the loop's condition uses the connection: a per-iteration scope in the body cannot hold that use",
        ["Windows_service_hosting_a_node_that_keeps_its_sql_connection_is_reported / Node.connection"] =
            "vcap-dotnet's ConnectMSSql retries with Thread.Sleep and shuts the node down on failure, and a keep-alive timer reconnects: "
            + "no accessor the factory can stand in for (ConnectionReturned)",
        ["Static_database_list_whose_entries_hold_a_provider_that_keeps_its_connection_is_reported / MySQL.connection"] =
            "Arma2NET's MySQL opens in an override of its abstract base that takes the connection string and retries with Thread.Sleep, "
            + "and reads in an iterator: guard and factory UseInWaitingStatement (its retry loop's header reads the connection's state)",
        ["Class_kept_by_the_window_a_Startup_handler_shows_is_reported / QueryDb.conn"] =
            "xela-the-proto's QueryDb keeps a MySqlCommand field and points it at the connection in every query "
            + "(comm.Connection = conn): the command outlives each unit of work (ConnectionStoredInMember)",
        ["Static_field_of_a_connection_type_is_reported(System.Lazy<MySqlConnector.MySqlConnection>) / Database._connection"] =
            "the Lazy is handed in by a caller (Use(Lazy<T>)), so nothing in the holder builds the connection a guard or a factory "
            + "would rebuild (CannotRebuildConnection); the snippet assigns it since stop 39, when a field nothing assigns stopped being reported",
        ["An_operation_that_opens_without_closing_is_reported / SingletonDB.connection"] = OpenedOnRequest,
        ["A_finally_that_closes_something_else_is_reported / SingletonDB.connection"] = OpenedOnRequest,
        ["An_opener_nothing_in_the_source_calls_is_reported / SingletonDB.connection"] = OpenedOnRequest,
        ["A_copy_of_the_connection_is_reported / SingletonDB.connection"] = OpenedOnRequest,
        ["An_opening_in_a_lambda_is_reported / SingletonDB.connection"] = OpenedOnRequest,
        ["A_bracket_around_a_polling_loop_is_a_workers_life_and_reported / SingletonDB.connection"] = OpenedOnRequest,
        ["Lazy_singleton_manager_keeping_table_classes_that_share_one_connection_is_reported / DbConnector.Connection"] =
            "IT-Park's DbManager hands a copy of the connection to table objects it keeps, whose fields have their own SC0007 "
            + "findings and fixes (ReceivingFieldHasOwnFinding since stop 33; ConnectionHandedToStoredObject before): a per-use "
            + "connection would be disposed under them, a lease would end while they still use it (behave31, stop 31)",
    };

    /// <summary>SC0002OpenedPerOperationTests' counter-cases: VitorSiqueirr's singleton, each kept open one way.</summary>
    private const string OpenedOnRequest =
        "the singleton hands its connection out through DatabaseService, which opens and closes it on request "
        + "(ConnectionReturned): a per-use factory would hand each caller a different connection than the one it opened";

    private const string InterfaceWithoutConstruction =
        "an IDbConnection with no visible concrete construction: guarding it needs a cast that can fail at run time";

    private const string NotADbConnection = "a class that implements IDbConnection without deriving from DbConnection: the guard wraps DbConnection";

    private const string RecordParameter = "a record's positional parameter is public API (constructor, property, Deconstruct)";

    internal static readonly DiagnosticAnalyzer[] Analyzers =
    {
        new StaticConnectionAnalyzer(), new LongLivedServiceConnectionAnalyzer(), new SingletonRegistrationAnalyzer(),
        new ConnectionAcrossWaitingLoopAnalyzer(), new LeaseMisuseAnalyzer(), new HeldByLongLivedOwnerAnalyzer(),
    };

    internal static readonly CodeFixProvider[] Fixers =
    {
        new GuardWithConnectionGuardCodeFixProvider(), new PooledConnectionPerUseCodeFixProvider(), new ScopedRegistrationCodeFixProvider(),
        new LeaseConnectionDisposalCodeFixProvider(),
    };

    [Fact]
    public async Task Every_positive_analyzer_case_gets_a_working_guard_fix()
    {
        var references = TestReferences.Net80WithProviders
            .Add(MetadataReference.CreateFromFile(typeof(ConnectionGuard<>).Assembly.Location));
        var report = new StringBuilder();
        var fixedCount = 0;
        foreach (var testCase in ReadCases())
        {
            fixedCount += await CheckCaseAsync(testCase, references, report);
        }

        Assert.True(report.Length == 0, report.ToString());
        Assert.True(fixedCount > 30, $"Only {fixedCount} findings were fixed; the corpus was not read.");
    }

    private static async Task<int> CheckCaseAsync(Case testCase, ImmutableArray<MetadataReference> references, StringBuilder report)
    {
        var document = CreateDocument(testCase, references);
        var before = (await document.Project.GetCompilationAsync())!;
        var errorsBefore = before.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        var findings = await before.WithAnalyzers(Analyzers.ToImmutableArray(), document.Project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
        var fixedCount = 0;
        foreach (var finding in findings.Where(f => f.Id is not ("SC0003" or "SC0006") && Fixers.Any(x => x.FixableDiagnosticIds.Contains(f.Id))))
        {
            var fixer = Fixers.First(x => x.FixableDiagnosticIds.Contains(finding.Id));
            var member = MemberText(finding);
            var key = testCase.Name + " / " + member;
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None));
            if (actions.Count == 0)
            {
                if (!NoFixExpected.ContainsKey(key) && NoFixReason(finding, before) is null)
                {
                    report.AppendLine($"No fix for {finding.Id} on {key} ({await Corpus.HolderShapeCorpusTests.ReasonsAsync(document, finding)})");
                }

                continue;
            }

            var operation = (await actions[0].GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
            var project = operation.ChangedSolution.GetProject(document.Project.Id)!;
            var after = (await project.GetCompilationAsync())!;
            var newErrors = after.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (newErrors.Count > errorsBefore)
            {
                report.AppendLine($"Fix for {finding.Id} on {key} adds errors: {string.Join("; ", newErrors.Select(e => e.ToString()))}");
            }

            var remaining = await after.WithAnalyzers(Analyzers.ToImmutableArray(), project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
            if (remaining.Count(d => d.Id == finding.Id && MemberText(d) == member) >= findings.Count(d => d.Id == finding.Id && MemberText(d) == member))
            {
                report.AppendLine($"Fix for {finding.Id} on {key} leaves the finding");
            }

            // The guard fix exists to end a connection held across waits: it must not hold a lease across one (SC0006).
            var misuses = remaining.Where(d => d.Id == "SC0006").ToList();
            if (misuses.Count > findings.Count(d => d.Id == "SC0006"))
            {
                report.AppendLine($"Fix for {finding.Id} on {key} misuses a lease: {string.Join("; ", misuses.Select(d => d.GetMessage()))}");
            }

            fixedCount++;
        }

        return fixedCount;
    }

    /// <summary>
    /// Findings that by design get no guard fix, recognised by shape so that new analyzer cases of the same shape need no
    /// entry: an interface-typed member (no cast that can fail at run time), a record's positional parameter, a member
    /// outside the source.
    /// </summary>
    private static string? NoFixReason(Diagnostic finding, Compilation compilation)
    {
        var locations = finding.AdditionalLocations.Count > 0 && !PointsAtTheMember(finding) ? finding.AdditionalLocations : (IReadOnlyList<Location>)new[] { finding.Location };
        foreach (var location in locations)
        {
            if (!location.IsInSource)
            {
                return "the member is not in source";
            }

            var model = compilation.GetSemanticModel(location.SourceTree!);
            var node = location.SourceTree!.GetRoot().FindNode(location.SourceSpan);
            var symbol = node.AncestorsAndSelf().Select(n => model.GetDeclaredSymbol(n)).FirstOrDefault(s => s is IFieldSymbol or IPropertySymbol or IParameterSymbol or ILocalSymbol);
            if (symbol is null)
            {
                return "the diagnostic does not point at a member";
            }

            var type = symbol switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                IParameterSymbol parameter => parameter.Type,
                _ => ((ILocalSymbol)symbol).Type,
            };
            if (type is INamedTypeSymbol { IsGenericType: true, Name: "Lazy" } lazy)
            {
                type = lazy.TypeArguments[0];
            }

            if (type.TypeKind == TypeKind.Interface)
            {
                return InterfaceWithoutConstruction;
            }

            if (type.TypeKind == TypeKind.Class && !DerivesFrom(type, "System.Data.Common.DbConnection"))
            {
                return NotADbConnection;
            }

            if (symbol.ContainingType?.IsRecord == true && symbol is IParameterSymbol or IPropertySymbol)
            {
                return RecordParameter;
            }
        }

        return null;
    }

    private static bool DerivesFrom(ITypeSymbol type, string baseName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == baseName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>SC0004's additional location is its loop and SC0007's its owner; the others' additional locations are the members.</summary>
    private static bool PointsAtTheMember(Diagnostic diagnostic) => diagnostic.Id is "SC0004" or "SC0007";

    private static string MemberText(Diagnostic diagnostic)
    {
        var location = diagnostic.AdditionalLocations.Count > 0 && !PointsAtTheMember(diagnostic) ? diagnostic.AdditionalLocations[0] : diagnostic.Location;
        var owner = location.SourceTree!.GetRoot().FindNode(location.SourceSpan).AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault();
        var text = location.SourceTree.GetText().ToString(location.SourceSpan);
        return owner is null ? text : owner.Identifier.ValueText + "." + text;
    }

    internal static Document CreateDocument(Case testCase, ImmutableArray<MetadataReference> references)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "Corpus",
                "Corpus",
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(testCase.ConsoleApp ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary),
                parseOptions: new CSharpParseOptions(testCase.LanguageVersion),
                metadataReferences: references));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Test0.cs", SourceText.From(testCase.Source), filePath: "/0/Test0.cs");
        if (testCase.GlobalConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(
                DocumentId.CreateNewId(projectId), ".globalconfig", SourceText.From("is_global = true\n" + testCase.GlobalConfig), filePath: "/.globalconfig");
        }

        return solution.GetDocument(documentId)!;
    }

    internal sealed record Case(string Name, string Source, LanguageVersion LanguageVersion, string? GlobalConfig, bool ConsoleApp = false);

    /// <summary>
    /// The rule tests' cases, and SC0007's real-repository field tests (issue 15: the fixes of the direct shapes apply
    /// to the inner field), whose snippets are string constants joined with <c>+</c>.
    /// </summary>
    internal static IEnumerable<Case> ReadCases()
    {
        var tests = Path.Combine(RepositoryRoot(), "tests", "StaleConn.Analyzers.Tests");
        var rules = new[] { "SC0001", "SC0002", "SC0003", "SC0004", "SC0005", "SC0006", "SC0007" }
            .SelectMany(id => Directory.GetFiles(Path.Combine(tests, "Rules"), id + "*.cs"));
        var fieldTests = Directory.GetFiles(Path.Combine(tests, "FieldTests"), "HeldByLongLivedOwner*.cs");
        return rules.Concat(fieldTests).SelectMany(ReadCases);
    }

    private static IEnumerable<Case> ReadCases(string file)
    {
        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
        var constants = root.DescendantNodes().OfType<VariableDeclaratorSyntax>()
            .Where(v => v.Initializer is not null && v.Parent?.Parent is FieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword))
            .GroupBy(v => v.Identifier.ValueText)
            .ToDictionary(g => g.Key, g => g.First().Initializer!.Value);
        foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var call = method.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .FirstOrDefault(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "VerifyAsync" or "VerifyConsoleAppAsync" });
            if (call is null || call.ArgumentList.Arguments.Count == 0)
            {
                continue;
            }

            var arguments = call.ArgumentList.Arguments;
            var languageVersion = arguments.Count > 1 && arguments[1].Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var version }
                && Enum.TryParse<LanguageVersion>(version, out var parsed) ? parsed : LanguageVersion.Latest;
            var globalConfig = arguments.Count > 2 && arguments[2].Expression is LiteralExpressionSyntax { Token.Value: string config } ? config : null;
            foreach (var (suffix, values) in TheoryRows(method))
            {
                var source = StringValue(arguments[0].Expression, values, constants);
                if (source is not null && source.Contains("{|", StringComparison.Ordinal))
                {
                    var consoleApp = ((MemberAccessExpressionSyntax)call.Expression).Name.Identifier.ValueText == "VerifyConsoleAppAsync";
                    yield return new Case(method.Identifier.ValueText + suffix, StripMarkup(source), languageVersion, globalConfig, consoleApp);
                }
            }
        }
    }

    private static IEnumerable<(string Suffix, Dictionary<string, string> Values)> TheoryRows(MethodDeclarationSyntax method)
    {
        var rows = method.AttributeLists.SelectMany(l => l.Attributes).Where(a => a.Name.ToString() == "InlineData").ToList();
        if (rows.Count == 0)
        {
            yield return (string.Empty, new Dictionary<string, string>());
            yield break;
        }

        foreach (var row in rows)
        {
            var values = new Dictionary<string, string>();
            var parameters = method.ParameterList.Parameters;
            for (var i = 0; i < parameters.Count && i < row.ArgumentList!.Arguments.Count; i++)
            {
                if (row.ArgumentList.Arguments[i].Expression is LiteralExpressionSyntax { Token.Value: string value })
                {
                    values[parameters[i].Identifier.ValueText] = value;
                }
            }

            yield return ("(" + string.Join(", ", values.Values) + ")", values);
        }
    }

    private static string? StringValue(ExpressionSyntax expression, Dictionary<string, string> values, Dictionary<string, ExpressionSyntax> constants)
    {
        switch (expression)
        {
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } join:
                var left = StringValue(join.Left, values, constants);
                var right = StringValue(join.Right, values, constants);
                return left is null || right is null ? null : left + right;
            case IdentifierNameSyntax constant when constants.TryGetValue(constant.Identifier.ValueText, out var value):
                return StringValue(value, values, constants);
            case LiteralExpressionSyntax { Token.Value: string text }:
                return text;
            case InterpolatedStringExpressionSyntax interpolated:
                var builder = new StringBuilder();
                foreach (var content in interpolated.Contents)
                {
                    switch (content)
                    {
                        case InterpolatedStringTextSyntax text:
                            builder.Append(text.TextToken.ValueText);
                            break;
                        case InterpolationSyntax { Expression: IdentifierNameSyntax name } when values.TryGetValue(name.Identifier.ValueText, out var value):
                            builder.Append(value);
                            break;
                        default:
                            return null;
                    }
                }

                return builder.ToString();
            default:
                return null;
        }
    }

    private static string StripMarkup(string source) => Regex.Replace(source, @"\{\|[^:|]+:|\|\}", string.Empty);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StaleConn.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find StaleConn.Analyzers.sln above " + AppContext.BaseDirectory);
    }
}
