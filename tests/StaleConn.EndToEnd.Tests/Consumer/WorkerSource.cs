namespace StaleConn.EndToEnd.Tests.Consumer;

/// <summary>
/// A worker service the repository has never seen: generated here with names drawn at random for each run, holding a
/// connection in each shape StaleConn reports. It processes items from a queue that goes quiet between items, writes
/// each to a table, and prints "processed &lt;item&gt;"; a failure is printed and sets the exit code to 1.
/// Usage: `dotnet Worker.dll &lt;items&gt; &lt;idle seconds&gt;`, connection string in the environment variable <see cref="ConnectionVariable"/>.
/// The hosted service creates its table inline before its loop, as real workers do: the guard fix must give the setup
/// a lease of its own, ended before the loop waits, and each iteration another. The static journal's file opts out of
/// the project's nullable context (<c>#nullable disable</c>), where the guard's construction must still get short names.
/// </summary>
public sealed class WorkerSource
{
    private static readonly string[] Domains = { "Parcel", "Invoice", "Ticket", "Shipment", "Payout", "Booking", "Refund", "Voucher" };
    private static readonly string[] Roles = { "Relay", "Pump", "Courier", "Drain", "Sweeper", "Mover" };

    public WorkerSource(Random random)
    {
        var domain = Domains[random.Next(Domains.Length)];
        var suffix = random.Next(100, 999);
        Namespace = $"Acme{domain}{suffix}";
        ProjectName = $"{domain}Service{suffix}";
        WorkerClass = $"{domain}{Roles[random.Next(Roles.Length)]}";
        JournalClass = $"{domain}Journal";
        TallyClass = $"{domain}Tally";
        HeartbeatClass = $"{domain}Heartbeat";
        ReportClass = $"{domain}Report";
        FeedClass = $"{domain}Feed";
        StoreClass = $"{domain}Store";
        SettingsClass = $"{domain}Settings";
        AuditClass = $"{domain}Audit";
        ArchiveClass = $"{domain}Archive";
        LedgerClass = $"{domain}Ledger";
        ExtensionsClass = $"{domain}ServiceCollectionExtensions";
        Table = $"{domain.ToLowerInvariant()}_{suffix}";
        ConnectionVariable = $"{domain.ToUpperInvariant()}_DB";
        ItemPrefix = $"{domain.ToLowerInvariant()}-{random.Next(1000, 9999)}";
    }

    public string Namespace { get; }
    public string ProjectName { get; }
    public string WorkerClass { get; }
    public string JournalClass { get; }
    public string TallyClass { get; }
    public string HeartbeatClass { get; }
    public string ReportClass { get; }
    public string FeedClass { get; }
    public string StoreClass { get; }
    public string SettingsClass { get; }
    public string AuditClass { get; }
    public string ArchiveClass { get; }
    public string LedgerClass { get; }
    public string ExtensionsClass { get; }
    public string Table { get; }
    public string ConnectionVariable { get; }
    public string ItemPrefix { get; }

    /// <summary>
    /// Where each finding of issue 14's shapes must be reported (rule, file): a static holder behind an accessor and a
    /// factory, a public static field of a helper used from another class, an <c>IDbConnection</c> registered in an
    /// <c>IServiceCollection</c> extension of another file and injected into a hosted service that uses it from a timer
    /// it starts in <c>StartAsync</c>, and a singleton that receives the singleton connection through its constructor.
    /// </summary>
    public IReadOnlyList<(string Rule, string File)> ExpectedFindings => new[]
    {
        ("SC0001", JournalClass + ".cs"),
        ("SC0001", StoreClass + ".cs"),
        ("SC0001", SettingsClass + ".cs"),
        ("SC0002", WorkerClass + ".cs"),
        ("SC0002", ArchiveClass + ".cs"),
        ("SC0003", "Program.cs"),
        ("SC0004", HeartbeatClass + ".cs"),
        ("SC0005", "Program.cs"),
    };

    public string ProjectFile => """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="MySqlConnector" Version="2.6.2" />
            <PackageReference Include="Microsoft.Extensions.Hosting" Version="8.0.1" />
          </ItemGroup>
        </Project>
        """;

    public IReadOnlyDictionary<string, string> Files => new Dictionary<string, string>
    {
        ["Program.cs"] = $$"""
            using System;
            using System.Globalization;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using MySqlConnector;

            namespace {{Namespace}};

            public sealed record FeedPlan(string ConnectionString, int Items, TimeSpan Idle);

            public static class Program
            {
                public static async Task<int> Main(string[] args)
                {
                    var connectionString = Environment.GetEnvironmentVariable("{{ConnectionVariable}}")
                        ?? throw new InvalidOperationException("Set {{ConnectionVariable}} to a MySQL connection string.");
                    var plan = new FeedPlan(
                        connectionString,
                        int.Parse(args[0], CultureInfo.InvariantCulture),
                        TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture)));

                    var builder = Host.CreateApplicationBuilder();
                    builder.Services.AddSingleton(plan);
                    builder.Services.AddSingleton(Channel.CreateUnbounded<string>());
                    builder.Services.AddSingleton<MySqlConnection>(_ => new MySqlConnection(plan.ConnectionString));
                    builder.Services.AddScoped<{{ReportClass}}>();
                    builder.Services.AddSingleton<{{TallyClass}}>();
                    builder.Services.AddSingleton<{{LedgerClass}}>();
                    builder.Services.AddArchive(plan);
                    builder.Services.AddHostedService<{{FeedClass}}>();
                    builder.Services.AddHostedService<{{WorkerClass}}>();

                    using var host = builder.Build();
                    await host.RunAsync();
                    return Environment.ExitCode;
                }
            }
            """,
        [FeedClass + ".cs"] = $$"""
            using System.Threading;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            namespace {{Namespace}};

            public sealed class {{FeedClass}} : BackgroundService
            {
                private readonly Channel<string> _queue;
                private readonly FeedPlan _plan;

                public {{FeedClass}}(Channel<string> queue, FeedPlan plan)
                {
                    _queue = queue;
                    _plan = plan;
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    for (var i = 1; i <= _plan.Items; i++)
                    {
                        if (i > 1)
                        {
                            await Task.Delay(_plan.Idle, stoppingToken);
                        }

                        await _queue.Writer.WriteAsync("{{ItemPrefix}}-" + i, stoppingToken);
                    }

                    _queue.Writer.Complete();
                }
            }
            """,
        [WorkerClass + ".cs"] = $$"""
            using System;
            using System.Threading;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using MySqlConnector;

            namespace {{Namespace}};

            public sealed class {{WorkerClass}} : BackgroundService
            {
                private readonly MySqlConnection _db;
                private readonly Channel<string> _queue;
                private readonly {{TallyClass}} _tally;
                private readonly {{LedgerClass}} _ledger;
                private readonly IHostApplicationLifetime _lifetime;

                public {{WorkerClass}}(FeedPlan plan, Channel<string> queue, {{TallyClass}} tally, {{LedgerClass}} ledger, IHostApplicationLifetime lifetime)
                {
                    _db = new MySqlConnection(plan.ConnectionString);
                    _queue = queue;
                    _tally = tally;
                    _ledger = ledger;
                    _lifetime = lifetime;
                }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    try
                    {
                        await _db.OpenAsync(stoppingToken);
                        using var create = new MySqlCommand("CREATE TABLE IF NOT EXISTS {{Table}} (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(64) NOT NULL)", _db);
                        await create.ExecuteNonQueryAsync(stoppingToken);

                        await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken))
                        {
                            using var insert = new MySqlCommand("INSERT INTO {{Table}} (item) VALUES (@item)", _db);
                            insert.Parameters.AddWithValue("@item", item);
                            await insert.ExecuteNonQueryAsync(stoppingToken);
                            {{JournalClass}}.Record(item);
                            {{AuditClass}}.Write(item);
                            await _ledger.NoteAsync(item, stoppingToken);
                            var total = await _tally.CountAsync(stoppingToken);
                            Console.WriteLine("processed " + item + " (" + total + " stored)");
                        }
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        Console.WriteLine("worker failed: " + exception.GetType().FullName + ": " + exception.Message);
                        Environment.ExitCode = 1;
                    }
                    finally
                    {
                        _lifetime.StopApplication();
                    }
                }
            }
            """,
        [JournalClass + ".cs"] = $$"""
            #nullable disable
            using System;
            using MySqlConnector;

            namespace {{Namespace}};

            public static class {{JournalClass}}
            {
                private static readonly MySqlConnection Connection = new MySqlConnection(Environment.GetEnvironmentVariable("{{ConnectionVariable}}"));

                public static void Record(string item)
                {
                    if (Connection.State != System.Data.ConnectionState.Open)
                    {
                        Connection.Open();
                    }

                    using var command = new MySqlCommand("SELECT @item", Connection);
                    command.Parameters.AddWithValue("@item", item);
                    command.ExecuteScalar();
                }
            }
            """,
        [TallyClass + ".cs"] = $$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using MySqlConnector;

            namespace {{Namespace}};

            public sealed class {{TallyClass}}
            {
                private readonly MySqlConnection _connection;

                public {{TallyClass}}(FeedPlan plan)
                {
                    _connection = new MySqlConnection(plan.ConnectionString);
                }

                public async Task<long> CountAsync(CancellationToken cancellationToken)
                {
                    if (_connection.State != System.Data.ConnectionState.Open)
                    {
                        await _connection.OpenAsync(cancellationToken);
                    }

                    using var command = new MySqlCommand("SELECT COUNT(*) FROM {{Table}}", _connection);
                    return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            """,
        [HeartbeatClass + ".cs"] = $$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using MySqlConnector;

            namespace {{Namespace}};

            public static class {{HeartbeatClass}}
            {
                public static async Task RunAsync(string connectionString, int beats, TimeSpan interval, CancellationToken cancellationToken)
                {
                    var connection = new MySqlConnection(connectionString);
                    await connection.OpenAsync(cancellationToken);
                    for (var beat = 0; beat < beats; beat++)
                    {
                        using var command = new MySqlCommand("SELECT 1", connection);
                        await command.ExecuteScalarAsync(cancellationToken);
                        await Task.Delay(interval, cancellationToken);
                    }
                }
            }
            """,
        [StoreClass + ".cs"] = $$"""
            using System;
            using System.Data;
            using MySqlConnector;

            namespace {{Namespace}};

            // The shape of many helpers: a lazily created, reopened-when-closed static handed out by a factory and an accessor.
            public static class {{StoreClass}}
            {
                private static MySqlConnection? _shared;

                public static MySqlConnection Shared => GetConnection();

                public static MySqlConnection GetConnection()
                {
                    if (_shared == null)
                    {
                        _shared = new MySqlConnection(Environment.GetEnvironmentVariable("{{ConnectionVariable}}"));
                    }

                    if (_shared.State != ConnectionState.Open)
                    {
                        _shared.Open();
                    }

                    return _shared;
                }
            }
            """,
        [SettingsClass + ".cs"] = $$"""
            using System;
            using MySqlConnector;

            namespace {{Namespace}};

            public static class {{SettingsClass}}
            {
                public static MySqlConnection Conn = new MySqlConnection(Environment.GetEnvironmentVariable("{{ConnectionVariable}}"));
            }
            """,
        [AuditClass + ".cs"] = $$"""
            using System.Data;
            using MySqlConnector;

            namespace {{Namespace}};

            public static class {{AuditClass}}
            {
                public static void Write(string item)
                {
                    using (var command = new MySqlCommand("SELECT COUNT(*) FROM {{Table}} WHERE item = @item", {{StoreClass}}.GetConnection()))
                    {
                        command.Parameters.AddWithValue("@item", item);
                        command.ExecuteScalar();
                    }

                    var check = new MySqlCommand();
                    check.Connection = {{StoreClass}}.Shared;
                    check.CommandText = "SELECT CONNECTION_ID()";
                    check.ExecuteScalar();

                    if ({{SettingsClass}}.Conn.State != ConnectionState.Open)
                    {
                        {{SettingsClass}}.Conn.Open();
                    }

                    using var echo = new MySqlCommand("SELECT @item", {{SettingsClass}}.Conn);
                    echo.Parameters.AddWithValue("@item", item);
                    echo.ExecuteScalar();
                }
            }
            """,
        [ExtensionsClass + ".cs"] = $$"""
            using System.Data;
            using Microsoft.Extensions.DependencyInjection;
            using MySqlConnector;

            namespace {{Namespace}};

            public static class {{ExtensionsClass}}
            {
                public static IServiceCollection AddArchive(this IServiceCollection services, FeedPlan plan)
                {
                    services.AddTransient<IDbConnection>(_ => new MySqlConnection(plan.ConnectionString));
                    services.AddHostedService<{{ArchiveClass}}>();
                    return services;
                }
            }
            """,
        [ArchiveClass + ".cs"] = $$"""
            using System;
            using System.Data;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            namespace {{Namespace}};

            // A hosted service given its connection by the container, used from a timer it starts in StartAsync.
            public sealed class {{ArchiveClass}} : IHostedService, IDisposable
            {
                private readonly IDbConnection _connection;
                private readonly FeedPlan _plan;
                private Timer? _timer;

                public {{ArchiveClass}}(IDbConnection connection, FeedPlan plan)
                {
                    _connection = connection;
                    _plan = plan;
                }

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _connection.Open();
                    _timer = new Timer(_ => Sweep(), null, _plan.Idle, _plan.Idle);
                    return Task.CompletedTask;
                }

                private void Sweep()
                {
                    try
                    {
                        using var command = _connection.CreateCommand();
                        command.CommandText = "SELECT 1";
                        command.ExecuteScalar();
                    }
                    catch (Exception exception)
                    {
                        Console.WriteLine("archive failed: " + exception.GetType().FullName + ": " + exception.Message);
                        Environment.ExitCode = 1;
                    }
                }

                public Task StopAsync(CancellationToken cancellationToken)
                {
                    _timer?.Change(Timeout.Infinite, 0);
                    return Task.CompletedTask;
                }

                public void Dispose() => _timer?.Dispose();
            }
            """,
        [LedgerClass + ".cs"] = $$"""
            using System.Threading;
            using System.Threading.Tasks;
            using MySqlConnector;

            namespace {{Namespace}};

            // A singleton that receives the container's singleton connection through its constructor.
            public sealed class {{LedgerClass}}
            {
                private readonly MySqlConnection _connection;

                public {{LedgerClass}}(MySqlConnection connection)
                {
                    _connection = connection;
                }

                public async Task NoteAsync(string item, CancellationToken cancellationToken)
                {
                    if (_connection.State != System.Data.ConnectionState.Open)
                    {
                        await _connection.OpenAsync(cancellationToken);
                    }

                    using var command = new MySqlCommand("SELECT LENGTH(@item)", _connection);
                    command.Parameters.AddWithValue("@item", item);
                    await command.ExecuteScalarAsync(cancellationToken);
                }
            }
            """,
        [ReportClass + ".cs"] = $$"""
            using System.Threading;
            using System.Threading.Tasks;
            using MySqlConnector;

            namespace {{Namespace}};

            public sealed class {{ReportClass}}
            {
                private readonly MySqlConnection _connection;

                public {{ReportClass}}(MySqlConnection connection)
                {
                    _connection = connection;
                }

                public async Task<object?> LatestAsync(CancellationToken cancellationToken)
                {
                    await _connection.OpenAsync(cancellationToken);
                    using var command = new MySqlCommand("SELECT MAX(id) FROM {{Table}}", _connection);
                    return await command.ExecuteScalarAsync(cancellationToken);
                }
            }
            """,
    };

    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ProjectName + ".csproj"), ProjectFile);
        foreach (var (name, text) in Files)
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }
    }
}
