using System.Collections.Immutable;
using System.Text;

namespace StaleConn.Benchmarks.AnalyzerCost;

/// <summary>
/// Writes a solution of ordinary service code — entities, repositories, services with LINQ, ASP.NET Core controllers,
/// hosted services, DI registration, async everywhere — in modules of ten classes, one of which holds a long-lived
/// connection (the shapes of <see cref="ConnectionHolderKind"/> in turn). Deterministic: the same target gives the
/// same text.
/// </summary>
public static class ServiceSolutionGenerator
{
    /// <summary>The size the analyzer-cost target is defined on.</summary>
    public const int DefaultTargetLines = 200_000;

    /// <summary>Classes (and records) in each module, the connection holder included.</summary>
    public const int ClassesPerModule = 10;

    private static readonly string[] Nouns =
    {
        "Order", "Invoice", "Customer", "Shipment", "Payment", "Product", "Supplier", "Ticket", "Booking", "Refund",
        "Subscription", "Warehouse", "Coupon", "Account", "Delivery", "Review",
    };

    private static readonly ConnectionHolderKind[] Kinds = Enum.GetValues<ConnectionHolderKind>();

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data.Common;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using MySqlConnector;

        """;

    /// <summary>Generates modules until the solution has at least <paramref name="targetLines"/> lines.</summary>
    public static GeneratedSolution Generate(int targetLines = DefaultTargetLines)
    {
        if (targetLines <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targetLines), targetLines, "The target must be positive.");
        }

        var files = ImmutableArray.CreateBuilder<(string, string)>();
        var holders = Kinds.ToDictionary(kind => kind, _ => 0);
        var lines = 0;
        var module = 0;
        var registrations = new StringBuilder();
        while (lines < targetLines)
        {
            var kind = Kinds[module % Kinds.Length];
            var name = Nouns[module % Nouns.Length] + module.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var file in ModuleFiles(name, kind))
            {
                files.Add(file);
                lines += LineCount(file.Text);
            }

            holders[kind]++;
            registrations.Append("        Contoso.Services.").Append(name).Append("s.").Append(name)
                .Append("ModuleRegistration.Add").Append(name).AppendLine("Module(services, connectionString);");
            module++;
        }

        var root = RootFile(registrations.ToString());
        files.Add(root);
        return new GeneratedSolution(files.ToImmutable(), module * ClassesPerModule + 1, holders.ToImmutableDictionary());
    }

    private static IEnumerable<(string Path, string Text)> ModuleFiles(string n, ConnectionHolderKind kind)
    {
        var ns = $"Contoso.Services.{n}s";
        string File(string body) => Usings + $"\nnamespace {ns};\n\n" + body;
        yield return ($"{n}/{n}.cs", File(Entities(n)));
        yield return ($"{n}/{n}Repository.cs", File(Repository(n)));
        yield return ($"{n}/{n}Service.cs", File(Service(n)));
        yield return ($"{n}/{n}sController.cs", File(Controller(n)));
        yield return ($"{n}/{n}ReconciliationWorker.cs", File(Worker(n)));
        yield return ($"{n}/{n}ModuleRegistration.cs", File(Registration(n, kind)));
        yield return ($"{n}/{n}{HolderSuffix(kind)}.cs", File(Holder(n, kind)));
    }

    private static string HolderSuffix(ConnectionHolderKind kind) => kind switch
    {
        ConnectionHolderKind.StaticField => "AuditLog",
        ConnectionHolderKind.HostedServiceField => "Exporter",
        ConnectionHolderKind.SingletonRegistration => "LegacyLookup",
        ConnectionHolderKind.LocalAcrossWaitingLoop => "QueuePoller",
        ConnectionHolderKind.SingletonServiceField => "PriceCache",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    // Two records, the options class and the validator: four classes.
    private static string Entities(string n) => $$"""
        /// <summary>A {{n}} as stored.</summary>
        public sealed record {{n}}(long Id, string Name, string Region, decimal Amount, DateTime CreatedAt, bool IsArchived);

        /// <summary>Totals per region.</summary>
        public sealed record {{n}}Summary(string Region, int Count, decimal Total, decimal Average);

        /// <summary>Settings bound from configuration.</summary>
        public sealed class {{n}}Options
        {
            public int PageSize { get; set; } = 50;

            public decimal LargeAmount { get; set; } = 10_000m;

            public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromMinutes(5);
        }

        /// <summary>Checks input before it reaches the database.</summary>
        public sealed class {{n}}Validator
        {
            public IReadOnlyList<string> Validate({{n}} item)
            {
                var errors = new List<string>();
                if (string.IsNullOrWhiteSpace(item.Name))
                {
                    errors.Add("Name is required.");
                }

                if (item.Name.Length > 200)
                {
                    errors.Add("Name is too long.");
                }

                if (item.Amount < 0)
                {
                    errors.Add("Amount cannot be negative.");
                }

                if (item.CreatedAt > DateTime.UtcNow.AddMinutes(5))
                {
                    errors.Add("CreatedAt is in the future.");
                }

                return errors;
            }
        }

        """;

    // Repository: one class (the interface is not counted). Opens a pooled connection per call, as it should.
    private static string Repository(string n) => $$"""
        public interface I{{n}}Repository
        {
            Task<IReadOnlyList<{{n}}>> ListAsync(int page, int pageSize, CancellationToken cancellationToken);

            Task<{{n}}?> FindAsync(long id, CancellationToken cancellationToken);

            Task<long> InsertAsync({{n}} item, CancellationToken cancellationToken);

            Task<int> ArchiveOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken);
        }

        /// <summary>Reads and writes {{n}} rows, one pooled connection per call.</summary>
        public sealed class {{n}}Repository : I{{n}}Repository
        {
            private readonly DbDataSource _dataSource;

            public {{n}}Repository(DbDataSource dataSource) => _dataSource = dataSource;

            public async Task<IReadOnlyList<{{n}}>> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT id, name, region, amount, created_at, is_archived FROM {{n.ToLowerInvariant()}} ORDER BY id LIMIT @take OFFSET @skip";
                AddParameter(command, "@take", pageSize);
                AddParameter(command, "@skip", page * pageSize);
                var items = new List<{{n}}>();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(Read(reader));
                }

                return items;
            }

            public async Task<{{n}}?> FindAsync(long id, CancellationToken cancellationToken)
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT id, name, region, amount, created_at, is_archived FROM {{n.ToLowerInvariant()}} WHERE id = @id";
                AddParameter(command, "@id", id);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
            }

            public async Task<long> InsertAsync({{n}} item, CancellationToken cancellationToken)
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO {{n.ToLowerInvariant()}} (name, region, amount, created_at) VALUES (@name, @region, @amount, @created); SELECT LAST_INSERT_ID();";
                AddParameter(command, "@name", item.Name);
                AddParameter(command, "@region", item.Region);
                AddParameter(command, "@amount", item.Amount);
                AddParameter(command, "@created", item.CreatedAt);
                var id = await command.ExecuteScalarAsync(cancellationToken);
                return Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
            }

            public async Task<int> ArchiveOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken)
            {
                using var connection = _dataSource.CreateConnection();
                await connection.OpenAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "UPDATE {{n.ToLowerInvariant()}} SET is_archived = 1 WHERE created_at < @cutoff";
                AddParameter(command, "@cutoff", cutoff);
                var changed = await command.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return changed;
            }

            private static {{n}} Read(DbDataReader reader) => new(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetDecimal(3),
                reader.GetDateTime(4),
                reader.GetBoolean(5));

            private static void AddParameter(DbCommand command, string name, object value)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
        }

        """;

    // Service: one class, LINQ over repository results.
    private static string Service(string n) => $$"""
        public interface I{{n}}Service
        {
            Task<IReadOnlyList<{{n}}Summary>> SummarizeAsync(int pages, CancellationToken cancellationToken);

            Task<IReadOnlyList<{{n}}>> LargestAsync(int count, CancellationToken cancellationToken);

            Task<long> CreateAsync({{n}} item, CancellationToken cancellationToken);
        }

        /// <summary>Business rules for {{n}}.</summary>
        public sealed class {{n}}Service : I{{n}}Service
        {
            private readonly I{{n}}Repository _repository;
            private readonly {{n}}Validator _validator;
            private readonly ILogger<{{n}}Service> _logger;

            public {{n}}Service(I{{n}}Repository repository, {{n}}Validator validator, ILogger<{{n}}Service> logger)
            {
                _repository = repository;
                _validator = validator;
                _logger = logger;
            }

            public async Task<IReadOnlyList<{{n}}Summary>> SummarizeAsync(int pages, CancellationToken cancellationToken)
            {
                var all = new List<{{n}}>();
                for (var page = 0; page < pages; page++)
                {
                    all.AddRange(await _repository.ListAsync(page, 100, cancellationToken));
                }

                return all
                    .Where(item => !item.IsArchived)
                    .GroupBy(item => item.Region, StringComparer.OrdinalIgnoreCase)
                    .Select(group => new {{n}}Summary(
                        group.Key,
                        group.Count(),
                        group.Sum(item => item.Amount),
                        group.Average(item => item.Amount)))
                    .OrderByDescending(summary => summary.Total)
                    .ThenBy(summary => summary.Region, StringComparer.Ordinal)
                    .ToList();
            }

            public async Task<IReadOnlyList<{{n}}>> LargestAsync(int count, CancellationToken cancellationToken)
            {
                var items = await _repository.ListAsync(0, 500, cancellationToken);
                var largest = (from item in items
                               where item.Amount > 0 && !item.IsArchived
                               orderby item.Amount descending, item.CreatedAt
                               select item).Take(count).ToArray();
                _logger.LogDebug("Found {Count} large {{n}} items", largest.Length);
                return largest;
            }

            public async Task<long> CreateAsync({{n}} item, CancellationToken cancellationToken)
            {
                var errors = _validator.Validate(item);
                if (errors.Count > 0)
                {
                    throw new ArgumentException(string.Join(" ", errors), nameof(item));
                }

                var id = await _repository.InsertAsync(item with { CreatedAt = DateTime.UtcNow }, cancellationToken);
                _logger.LogInformation("Created {{n}} {Id}", id);
                return id;
            }
        }

        """;

    // Controller: one class.
    private static string Controller(string n) => $$"""
        /// <summary>HTTP API for {{n}}.</summary>
        [ApiController]
        [Route("api/{{n.ToLowerInvariant()}}s")]
        public sealed class {{n}}sController : ControllerBase
        {
            private readonly I{{n}}Service _service;
            private readonly I{{n}}Repository _repository;

            public {{n}}sController(I{{n}}Service service, I{{n}}Repository repository)
            {
                _service = service;
                _repository = repository;
            }

            [HttpGet]
            public async Task<ActionResult<IReadOnlyList<{{n}}>>> List([FromQuery] int page, CancellationToken cancellationToken)
            {
                if (page < 0)
                {
                    return BadRequest("page must not be negative");
                }

                return Ok(await _repository.ListAsync(page, 50, cancellationToken));
            }

            [HttpGet("{id:long}")]
            public async Task<ActionResult<{{n}}>> Get(long id, CancellationToken cancellationToken)
            {
                var item = await _repository.FindAsync(id, cancellationToken);
                return item is null ? NotFound() : Ok(item);
            }

            [HttpGet("summary")]
            public async Task<IActionResult> Summary(CancellationToken cancellationToken) =>
                Ok(await _service.SummarizeAsync(3, cancellationToken));

            [HttpPost]
            public async Task<IActionResult> Create([FromBody] {{n}} item, CancellationToken cancellationToken)
            {
                try
                {
                    var id = await _service.CreateAsync(item, cancellationToken);
                    return CreatedAtAction(nameof(Get), new { id }, item with { Id = id });
                }
                catch (ArgumentException ex)
                {
                    return ValidationProblem(ex.Message);
                }
            }
        }

        """;

    // Hosted service done right: a scope and a pooled connection per tick. One class.
    private static string Worker(string n) => $$"""
        /// <summary>Archives old {{n}} rows periodically.</summary>
        public sealed class {{n}}ReconciliationWorker : BackgroundService
        {
            private readonly IServiceScopeFactory _scopes;
            private readonly ILogger<{{n}}ReconciliationWorker> _logger;

            public {{n}}ReconciliationWorker(IServiceScopeFactory scopes, ILogger<{{n}}ReconciliationWorker> logger)
            {
                _scopes = scopes;
                _logger = logger;
            }

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    await using var scope = _scopes.CreateAsyncScope();
                    var repository = scope.ServiceProvider.GetRequiredService<I{{n}}Repository>();
                    try
                    {
                        var archived = await repository.ArchiveOlderThanAsync(DateTime.UtcNow.AddDays(-30), stoppingToken);
                        _logger.LogInformation("Archived {Count} {{n}} rows", archived);
                    }
                    catch (DbException ex)
                    {
                        _logger.LogWarning(ex, "Archiving {{n}} failed; retrying next tick");
                    }
                }
            }
        }

        """;

    // DI registration: one class.
    private static string Registration(string n, ConnectionHolderKind kind)
    {
        var holder = n + HolderSuffix(kind);
        var extra = kind switch
        {
            ConnectionHolderKind.HostedServiceField => $"services.AddHostedService<{holder}>();",
            ConnectionHolderKind.SingletonRegistration =>
                $"services.AddSingleton<MySqlConnection>(_ => new MySqlConnection(connectionString));\n        services.AddScoped<{holder}>();",
            ConnectionHolderKind.LocalAcrossWaitingLoop => $"services.AddTransient(_ => new {holder}(connectionString));",
            ConnectionHolderKind.SingletonServiceField => $"services.AddSingleton<{holder}>(_ => new {holder}(connectionString));",
            _ => $"services.AddSingleton(new {n}AuditSettings(connectionString));",
        };
        var settings = kind == ConnectionHolderKind.StaticField
            ? $"\npublic sealed record {n}AuditSettings(string ConnectionString);\n"
            : string.Empty;
        return $$"""
            /// <summary>Registers the {{n}} module.</summary>
            public static class {{n}}ModuleRegistration
            {
                public static IServiceCollection Add{{n}}Module(this IServiceCollection services, string connectionString)
                {
                    ArgumentException.ThrowIfNullOrEmpty(connectionString);
                    services.AddScoped<I{{n}}Repository, {{n}}Repository>();
                    services.AddScoped<I{{n}}Service, {{n}}Service>();
                    services.AddSingleton<{{n}}Validator>();
                    services.AddOptions<{{n}}Options>().Configure(options => options.PageSize = 100);
                    services.AddHostedService<{{n}}ReconciliationWorker>();
                    {{extra}}
                    return services;
                }
            }
            {{settings}}
            """;
    }

    // The tenth class: holds a connection for the life of the process.
    private static string Holder(string n, ConnectionHolderKind kind) => kind switch
    {
        ConnectionHolderKind.StaticField => $$"""
            /// <summary>Writes audit rows through one connection opened at start-up.</summary>
            public static class {{n}}AuditLog
            {
                private static MySqlConnection? s_connection;

                public static void Initialize(string connectionString)
                {
                    s_connection = new MySqlConnection(connectionString);
                    s_connection.Open();
                }

                public static async Task WriteAsync(string message, CancellationToken cancellationToken)
                {
                    var connection = s_connection ?? throw new InvalidOperationException("Call Initialize first.");
                    await using var command = connection.CreateCommand();
                    command.CommandText = "INSERT INTO audit (message) VALUES (@message)";
                    command.Parameters.AddWithValue("@message", message);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            """,
        ConnectionHolderKind.HostedServiceField => $$"""
            /// <summary>Exports {{n}} rows through the connection it opened at start-up.</summary>
            public sealed class {{n}}Exporter : BackgroundService
            {
                private readonly MySqlConnection _connection;

                public {{n}}Exporter(string connectionString) => _connection = new MySqlConnection(connectionString);

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await _connection.OpenAsync(stoppingToken);
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await using var command = _connection.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM {{n.ToLowerInvariant()}} WHERE exported = 0";
                        var pending = Convert.ToInt64(await command.ExecuteScalarAsync(stoppingToken), System.Globalization.CultureInfo.InvariantCulture);
                        await Task.Delay(pending > 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1), stoppingToken);
                    }
                }
            }

            """,
        ConnectionHolderKind.SingletonRegistration => $$"""
            /// <summary>Looks codes up through the connection the container hands it.</summary>
            public sealed class {{n}}LegacyLookup
            {
                private readonly MySqlConnection _connection;

                public {{n}}LegacyLookup(MySqlConnection connection) => _connection = connection;

                public async Task<string?> LookupAsync(string code, CancellationToken cancellationToken)
                {
                    await using var command = _connection.CreateCommand();
                    command.CommandText = "SELECT label FROM legacy_codes WHERE code = @code";
                    command.Parameters.AddWithValue("@code", code);
                    return await command.ExecuteScalarAsync(cancellationToken) as string;
                }
            }

            """,
        ConnectionHolderKind.LocalAcrossWaitingLoop => $$"""
            /// <summary>Polls a queue table through one connection for as long as it runs.</summary>
            public sealed class {{n}}QueuePoller
            {
                private readonly string _connectionString;

                public {{n}}QueuePoller(string connectionString) => _connectionString = connectionString;

                public async Task RunAsync(CancellationToken cancellationToken)
                {
                    var connection = new MySqlConnection(_connectionString);
                    await connection.OpenAsync(cancellationToken);
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        var command = connection.CreateCommand();
                        command.CommandText = "DELETE FROM {{n.ToLowerInvariant()}}_queue ORDER BY id LIMIT 10";
                        await command.ExecuteNonQueryAsync(cancellationToken);
                        await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
                    }

                    await connection.DisposeAsync();
                }
            }

            """,
        ConnectionHolderKind.SingletonServiceField => $$"""
            /// <summary>Caches prices, reading through one connection kept open.</summary>
            public sealed class {{n}}PriceCache
            {
                private readonly MySqlConnection _connection;
                private readonly Dictionary<string, decimal> _prices = new(StringComparer.Ordinal);

                public {{n}}PriceCache(string connectionString) => _connection = new MySqlConnection(connectionString);

                public async Task<decimal> PriceAsync(string sku, CancellationToken cancellationToken)
                {
                    if (_prices.TryGetValue(sku, out var cached))
                    {
                        return cached;
                    }

                    await using var command = _connection.CreateCommand();
                    command.CommandText = "SELECT price FROM prices WHERE sku = @sku";
                    command.Parameters.AddWithValue("@sku", sku);
                    var price = Convert.ToDecimal(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                    _prices[sku] = price;
                    return price;
                }
            }

            """,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static (string Path, string Text) RootFile(string registrations) => ("ServiceRoot.cs", Usings + $$"""

        namespace Contoso.Services;

        /// <summary>Registers every module.</summary>
        public static class ServiceRoot
        {
            public static IServiceCollection AddAllModules(this IServiceCollection services, string connectionString)
            {
                services.AddSingleton<DbDataSource>(_ => new MySqlDataSource(connectionString));
        {{registrations}}        return services;
            }
        }

        """);

    private static int LineCount(string text) => text.Count(c => c == '\n');
}
