using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Tests.FirstFix;

/// <summary>A holder and its users, the concurrent path the planner must see in them (null: one worker), and the first fix.</summary>
/// <param name="Name">What the shape is (the test case's name).</param>
/// <param name="Source">Where the shape comes from.</param>
/// <param name="Member">The member the finding is about.</param>
/// <param name="Path">The concurrent path, or null for a single worker's own connection.</param>
/// <param name="FirstKey">The own key of the first action.</param>
/// <param name="Files">The project's sources.</param>
internal sealed record FirstFixCase(string Name, string Source, string Member, ConcurrentPath? Path, string FirstKey, params string[] Files)
{
    public override string ToString() => Name;
}

/// <summary>
/// Holders whose users run at once (a pooled connection per use first), and single workers' own connections (the
/// guard first), as real code has them.
/// </summary>
internal static class FirstFixCases
{
    public const string Guard = GuardWithConnectionGuardCodeFixProvider.EquivalenceKey;
    public const string DataSource = GuardWithConnectionGuardCodeFixProvider.DataSourceEquivalenceKey;
    public const string Factory = GuardWithConnectionGuardCodeFixProvider.FactoryEquivalenceKey;

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    public static readonly FirstFixCase[] All =
    {
        new("API controller's static connection", "willy2358/WebAPI: Models/Database.cs, controller callers (minimal form)", "Connection",
            ConcurrentPath.RequestHandler, DataSource, Usings + """
            using Microsoft.AspNetCore.Mvc;
            using MySqlConnector;

            [ApiController]
            public sealed class OrdersController : ControllerBase
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db;Database=shop");

                [HttpGet]
                public async Task<IActionResult> Count(CancellationToken cancellationToken) =>
                    Ok(await Connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM orders", cancellationToken: cancellationToken)));
            }
            """),

        new("WinForms button handlers on MySql.Data", "mosharani/CODENEW: ConnectionManger.cs, WinForms callers (minimal form)", "Connection",
            ConcurrentPath.EventHandler, Factory, Usings + """
            using System.Windows.Forms;
            using MySql.Data.MySqlClient;

            public class MainForm : Form
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db;Database=shop");
                private readonly TextBox _count = new TextBox();

                private void refreshButton_Click(object? sender, EventArgs e)
                {
                    _count.Text = Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders").ToString();
                }
            }
            """),

        new("Telegram bot's update handler on Npgsql", "OleksSavchenko/polissiaSchedule: Program.cs and ReplyMessages.cs (client stand-in in minimal form)", "Connection",
            ConcurrentPath.EventHandler, DataSource, TelegramBot("HandleUpdateAsync")),

        new("Telegram bot's update handler handed over through its type's name", "vitaliy65/first_telegram_Bot: ConsoleBot/Program.cs; SardorSohinazarov/Astrum.Bot: Astrum.Console.Bot/Program.cs (`StartReceiving(updateHandler.HandleUpdateAsync, ...)`; minimal form)", "Connection",
            ConcurrentPath.EventHandler, DataSource, TelegramBot("Bot.HandleUpdateAsync")),

        new("Import run with Parallel.ForEach on Npgsql", "import tools inserting rows in parallel (minimal form)", "Connection",
            ConcurrentPath.ThreadPool, DataSource, Usings + """
            using Npgsql;

            public static class Importer
            {
                private static readonly NpgsqlConnection Connection = new NpgsqlConnection("Host=db;Database=shop");

                public static void Import(IEnumerable<string> names) =>
                    Parallel.ForEach(names, name => Connection.Execute("INSERT INTO customers(name) VALUES (@name)", new { name }));
            }
            """),

        new("Repositories sharing a static SqlClient connection", "VitorSiqueirr/avaliacao-tecnica-visualsoft: Connection/SingletonDB.cs, repositories (minimal form)", "Connection",
            ConcurrentPath.SeveralTypes, Factory, Usings + """
            using System.Data.SqlClient;

            public static class Db
            {
                public static readonly SqlConnection Connection = new SqlConnection("Server=db;Database=shop");
            }

            public sealed class OrderRepository
            {
                public int Count() => Db.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }

            public sealed class CustomerRepository
            {
                public int Count() => Db.Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM customers");
            }
            """),

        new("Static DbHelper with public query methods", "stanuwu/CD2: CD2_Bot/CD2_Bot/db.cs (helper shape)", "Connection",
            ConcurrentPath.SharedStatic, DataSource, Usings + """
            using MySqlConnector;

            public static class DbHelper
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db;Database=shop");

                public static int Execute(string sql, object? parameters = null) => Connection.Execute(sql, parameters);

                public static T? Scalar<T>(string sql) => Connection.ExecuteScalar<T>(sql);
            }
            """),

        new("GetConnection() whose callers dispose what they get", "divvyashini/Employee-Management-System: employee/ConnectionManager.cs, form callers (minimal form)", "Connection",
            ConcurrentPath.SharedStatic, Factory, Usings + """
            using System.Data.SqlClient;
            using System.Windows.Forms;

            public sealed record Employee(int Id, string Name);

            public static class ConnectionManager
            {
                private static readonly SqlConnection Connection = new SqlConnection("Server=db;Database=hr");

                public static SqlConnection GetConnection()
                {
                    if (Connection.State != ConnectionState.Open)
                    {
                        Connection.Open();
                    }

                    return Connection;
                }
            }

            public class EmployeeForm : Form
            {
                private readonly DataGridView _grid = new DataGridView();

                public void LoadEmployees()
                {
                    using (var connection = ConnectionManager.GetConnection())
                    {
                        _grid.DataSource = connection.Query<Employee>("SELECT id, name FROM employees").ToList();
                    }
                }
            }
            """),

        new("Singleton repository taken by a scoped service", "repositories registered with AddSingleton in ASP.NET Core apps (minimal form)", "_connection",
            ConcurrentPath.SharedSingleton, DataSource, Usings + """
            using MySqlConnector;

            public sealed class OrderRepository
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db;Database=shop");

                public int Count() => _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM orders");
            }

            public sealed class OrderService
            {
                private readonly OrderRepository _orders;

                public OrderService(OrderRepository orders) => _orders = orders;

                public int Count() => _orders.Count();
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddSingleton<OrderRepository>();
                    services.AddScoped<OrderService>();
                }
            }
            """),

        new("BackgroundService polling with a delay", "worker services' ExecuteAsync loop (minimal form)", "_connection",
            null, Guard, Usings + """
            using MySqlConnector;

            public sealed class OutboxWorker : BackgroundService
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db;Database=shop");

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await _connection.ExecuteAsync("CALL publish_outbox()");
                        await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                    }
                }
            }
            """),

        new("Hosted service with a timer callback", "the IHostedService + System.Threading.Timer template (minimal form)", "_connection",
            null, Guard, Usings + """
            using MySqlConnector;

            public sealed class CleanupService : IHostedService, IDisposable
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db;Database=shop");
                private Timer? _timer;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _timer = new Timer(Cleanup, null, TimeSpan.Zero, TimeSpan.FromMinutes(10));
                    return Task.CompletedTask;
                }

                private void Cleanup(object? state) => _connection.Execute("DELETE FROM sessions WHERE expires < NOW()");

                public Task StopAsync(CancellationToken cancellationToken)
                {
                    _timer?.Change(Timeout.Infinite, 0);
                    return Task.CompletedTask;
                }

                public void Dispose() => _timer?.Dispose();
            }
            """),

        new("Windows service: OnStart starts a timer whose Elapsed handler queries", "Windows services on System.ServiceProcess with a System.Timers.Timer (minimal form)", "_connection",
            null, Guard, Usings + """
            using System.ServiceProcess;
            using System.Timers;
            using MySqlConnector;

            public class SyncService : ServiceBase
            {
                private readonly MySqlConnection _connection = new MySqlConnection("Server=db;Database=shop");
                private readonly System.Timers.Timer _timer = new System.Timers.Timer(60000);

                protected override void OnStart(string[] args)
                {
                    _connection.Open();
                    _timer.Elapsed += OnElapsed;
                    _timer.Start();
                }

                private void OnElapsed(object? sender, ElapsedEventArgs e)
                {
                    _connection.Execute("CALL sync_orders()");
                }

                protected override void OnStop()
                {
                    _timer.Stop();
                    _connection.Close();
                }
            }
            """),

        new("Static console worker with its own loop", "eleunameh/EleunameBotConsole: DatabaseHandler.cs (loop in Main, minimal form)", "Connection",
            null, Guard, Usings + """
            using MySqlConnector;

            public static class Program
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db;Database=shop");

                public static void Main()
                {
                    Connection.Open();
                    while (true)
                    {
                        var due = Connection.ExecuteScalar<int>("SELECT COUNT(*) FROM reminders WHERE due < NOW()");
                        Console.WriteLine(due + " reminders due");
                        Thread.Sleep(60000);
                    }
                }
            }
            """),
        new("Static poller class started from Main", "console pollers whose Program.Main calls a static Run() loop (minimal form)", "Connection",
            null, Guard, Usings + """
            using MySqlConnector;

            public static class Poller
            {
                private static readonly MySqlConnection Connection = new MySqlConnection("Server=db;Database=shop");

                public static void Run(CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        Connection.Execute("CALL expire_reservations()");
                        Thread.Sleep(30000);
                    }
                }
            }

            public static class Program
            {
                public static void Main() => Poller.Run(CancellationToken.None);
            }
            """),
    };

    /// <summary>A bot whose static connection only its update handler uses, the handler handed to the client's receive loop as <paramref name="handler"/>.</summary>
    private static string TelegramBot(string handler) => Usings + """
        using Npgsql;

        public sealed class TelegramBotClient
        {
            public void StartReceiving(Func<string, CancellationToken, Task> updateHandler)
            {
            }
        }

        public static class Bot
        {
            private static readonly NpgsqlConnection Connection = new NpgsqlConnection("Host=db;Database=bot");

            public static void Start(TelegramBotClient client) => client.StartReceiving(HANDLER);

            private static async Task HandleUpdateAsync(string text, CancellationToken cancellationToken)
            {
                await Connection.ExecuteAsync(new CommandDefinition("INSERT INTO messages(text) VALUES (@text)", new { text }, cancellationToken: cancellationToken));
            }
        }
        """.Replace("HANDLER", handler, StringComparison.Ordinal);
}
