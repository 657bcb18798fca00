using Microsoft.CodeAnalysis.CSharp;

namespace StaleConn.CodeFixes.Tests.Corpus;

internal static partial class HolderShapes
{
    private const string HostingUsings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        """;

    private static IEnumerable<HolderShape> ServiceHolders()
    {
        yield return new HolderShape(
            "API registering one IDbConnection instance and singleton repositories and use cases that take it",
            "TheuFerreira/Rastreamento-API: Core/Program.cs, Core/Infra/Repositories/UserRepository.cs (use case in minimal form)",
            new[]
            {
                """
                using System.Data;
                using Microsoft.Extensions.DependencyInjection;
                using MySqlConnector;

                namespace Core;

                public static class Startup
                {
                    public static void Configure(IServiceCollection services, string connectionString)
                    {
                        IDbConnection connection = new MySqlConnection(connectionString);

                        services.AddSingleton<IDbConnection>(connection);

                        // Repositories
                        services.AddSingleton<IUserRepository, UserRepository>();

                        // Use Cases
                        services.AddSingleton<ISignInCase, SignInCase>();
                    }
                }
                """,
                """
                using System.Data;
                using System.Linq;
                using Dapper;

                namespace Core;

                public interface IUserRepository
                {
                    int? GetByEmailAndPassword(string email, string password);
                    void Add(string name, string email);
                }

                public class UserRepository : IUserRepository
                {
                    private readonly IDbConnection connection;

                    public UserRepository(IDbConnection connection)
                    {
                        this.connection = connection;
                    }

                    public int? GetByEmailAndPassword(string email, string password)
                    {
                        string sql = "SELECT id_user FROM users WHERE email = @email AND password = MD5(@password);";
                        return connection.Query<int?>(sql, new { email, password }).FirstOrDefault();
                    }

                    public void Add(string name, string email)
                    {
                        connection.Execute("INSERT INTO users (name, email) VALUES (@name, @email);", new { name, email });
                    }
                }

                public interface ISignInCase
                {
                    bool SignIn(string email, string password);
                }

                public class SignInCase : ISignInCase
                {
                    private readonly IUserRepository repository;

                    public SignInCase(IUserRepository repository) => this.repository = repository;

                    public bool SignIn(string email, string password) => repository.GetByEmailAndPassword(email, password) is not null;
                }
                """,
            });

        yield return new HolderShape(
            "IDbConnection registered in an IServiceCollection extension of another file and injected into a worker",
            "AoxeTech/Aoxe: demo/Zaaby.ThreeTier/ServiceHost/ServiceCollectionExtension.cs, worker as in worker_notification/Worker.cs",
            new[]
            {
                """
                using System.Data;
                using Microsoft.Extensions.DependencyInjection;
                using Npgsql;

                namespace ServiceHost
                {
                    public static class ServiceCollectionExtension
                    {
                        public static IServiceCollection AddDbConnection(this IServiceCollection services, string connectionString)
                        {
                            services.AddScoped<IDbConnection>(
                                _ => new NpgsqlConnection(connectionString));
                            return services;
                        }
                    }
                }
                """,
                HostingUsings + """

                namespace ServiceHost
                {
                    public static class Program
                    {
                        public static void Configure(IServiceCollection services, string connectionString)
                        {
                            services.AddDbConnection(connectionString);
                            services.AddHostedService<ReminderWorker>();
                        }
                    }
                }
                """,
                """
                using System;
                using System.Collections.Generic;
                using System.Data;
                using System.Threading;
                using System.Threading.Tasks;
                using Dapper;
                using Microsoft.Extensions.Hosting;

                namespace ServiceHost
                {
                    public class ReminderWorker : BackgroundService
                    {
                        private readonly IDbConnection _connection;

                        public ReminderWorker(IDbConnection connection)
                        {
                            _connection = connection;
                        }

                        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                        {
                            while (!stoppingToken.IsCancellationRequested)
                            {
                                IEnumerable<int> due = await _connection.QueryAsync<int>("SELECT id FROM reminders WHERE due < now()");
                                foreach (var id in due)
                                {
                                    await _connection.ExecuteAsync("UPDATE reminders SET sent = true WHERE id = @id", new { id });
                                }

                                await Task.Delay(60000, stoppingToken);
                            }
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "IDbConnection registered with its concrete type in a host-builder extension, taken by a hosted poller",
            "solitude316/dotnetwebapi: src/Infrastructure/DependencyInjection.cs (poller in minimal form)",
            new[]
            {
                """
                using System.Data;
                using Microsoft.Extensions.DependencyInjection;
                using Npgsql;

                namespace Infrastructure;

                public static class DependencyInjection
                {
                    public static void AddApplicationServices(this IServiceCollection services, string connectionString)
                    {
                        services.AddScoped<IDbConnection, NpgsqlConnection>((sp) =>
                        {
                            return new NpgsqlConnection(connectionString);
                        });
                        services.AddHostedService<OutboxPoller>();
                    }
                }
                """,
                """
                using System;
                using System.Data;
                using System.Threading;
                using System.Threading.Tasks;
                using Dapper;
                using Microsoft.Extensions.Hosting;

                namespace Infrastructure;

                public sealed class OutboxPoller(IDbConnection db) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
                        while (await timer.WaitForNextTickAsync(stoppingToken))
                        {
                            await db.ExecuteAsync("UPDATE outbox SET sent_at = now() WHERE sent_at IS NULL");
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Singleton service opening its own connection in the constructor, used by controllers",
            "martinkubicka/IIS-server: IIS_SERVER/IIS_SERVER/Services/MySQLService.cs (registration and queries in minimal form)",
            new[]
            {
                """
                using System;
                using Microsoft.Extensions.DependencyInjection;
                using MySql.Data.MySqlClient;

                namespace IIS_SERVER.Services;

                public partial class MySQLService : IDisposable
                {
                    private readonly string ConnectionString;
                    private readonly MySqlConnection Connection;

                    public MySQLService(string connectionString)
                    {
                        ConnectionString = connectionString;
                        Connection = new MySqlConnection(ConnectionString);
                        Connection.Open();
                    }

                    public void Dispose()
                    {
                        Connection.Close();
                        Connection.Dispose();
                    }
                }

                public static class Registration
                {
                    public static void Configure(IServiceCollection services, string connectionString)
                    {
                        services.AddSingleton(new MySQLService(connectionString));
                    }
                }
                """,
                """
                using System.Threading.Tasks;
                using MySql.Data.MySqlClient;

                namespace IIS_SERVER.Services;

                public partial class MySQLService
                {
                    public async Task<bool> AddUser(string email, string handle)
                    {
                        var query = "INSERT INTO Users (Email, Handle) VALUES (@Email, @Handle)";
                        using (var command = new MySqlCommand(query, Connection))
                        {
                            command.Parameters.AddWithValue("@Email", email);
                            command.Parameters.AddWithValue("@Handle", handle);
                            return await command.ExecuteNonQueryAsync() > 0;
                        }
                    }

                    public async Task<object> GetUser(string email)
                    {
                        using (var command = new MySqlCommand("SELECT Handle FROM Users WHERE Email = @Email", Connection))
                        {
                            command.Parameters.AddWithValue("@Email", email);
                            return await command.ExecuteScalarAsync();
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Singleton game-server database whose IDbConnection field is created by Open() and disposed by Close() around each call",
            "mirbeta/OpenMir2: src/DBSvr/Program.cs and src/DBSvr/MySqlHumDB.cs",
            new[]
            {
                """
                using Microsoft.Extensions.DependencyInjection;

                namespace DBSvr
                {
                    class Program
                    {
                        static void Configure(IServiceCollection services)
                        {
                            services.AddSingleton<MySqlHumDB>();
                        }
                    }
                }
                """,
                """
                using System;
                using System.Data;
                using MySql.Data.MySqlClient;

                namespace DBSvr
                {
                    public class MySqlHumDB
                    {
                        private IDbConnection _dbConnection;

                        public bool Open()
                        {
                            try
                            {
                                _dbConnection = new MySqlConnection("server=localhost;database=mir2;uid=root;pwd=secret");
                                _dbConnection.Open();
                                return true;
                            }
                            catch (Exception)
                            {
                                Console.WriteLine("failed to open the database");
                            }
                            return false;
                        }

                        public void Close()
                        {
                            _dbConnection.Close();
                            _dbConnection.Dispose();
                        }

                        public bool UpdateChrRecord(string name, byte sex)
                        {
                            bool result = true;
                            try
                            {
                                if (!Open())
                                {
                                    return false;
                                }
                                var command = new MySqlCommand();
                                command.CommandText = string.Format("UPDATE TBL_CHARACTER SET FLD_SEX={0} WHERE FLD_CHARNAME='{1}'", sex, name);
                                command.Connection = (MySqlConnection)_dbConnection;
                                command.ExecuteNonQuery();
                            }
                            finally
                            {
                                Close();
                            }
                            return result;
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Worker keeping an injected MySqlConnection in a field, querying in a delay loop",
            "worker_notification/Worker.cs (a BackgroundService e-mailing reminders; registration in minimal form)",
            new[]
            {
                HostingUsings + """
                using System.Collections.Generic;
                using Dapper;
                using MySqlConnector;

                namespace worker_notification
                {
                    public static class Program
                    {
                        public static void Configure(IServiceCollection services, string connectionString)
                        {
                            services.AddTransient(_ => new MySqlConnection(connectionString));
                            services.AddHostedService<Worker>();
                        }
                    }

                    public class Worker : BackgroundService
                    {
                        private readonly MySqlConnection _connection;

                        public Worker(MySqlConnection connection)
                        {
                            _connection = connection;
                        }

                        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                        {
                            while (!stoppingToken.IsCancellationRequested)
                            {
                                if (DateTime.Now.Hour == 8 && DateTime.Now.Minute == 00)
                                {
                                    IEnumerable<NotificationSettingMapper> notifications = _connection.Query<NotificationSettingMapper>("SELECT * FROM NOTIFICATIONS_SETTINGS WHERE DUE_DATE > SYSDATE();");
                                }

                                await Task.Delay(60000, stoppingToken);
                            }
                        }
                    }

                    class NotificationSettingMapper
                    {
                        public int ID { get; set; }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Console poller opening one connection in a using block around a sleep loop",
            "davidxw/kerbtest: src/kerbtest/SqlTest2/Program.cs",
            new[]
            {
                """
                using System;
                using System.Data.SqlClient;
                using System.Threading;

                namespace MyApp
                {
                    class Program
                    {
                        static void Main(string[] args)
                        {
                            try
                            {
                                using (var connection = new SqlConnection("Server=kerbtestvm;Database=kubetestdb;Trusted_Connection=True;"))
                                {
                                    connection.Open();
                                    while (true)
                                    {
                                        var command = new SqlCommand("SELECT TOP 10 * FROM dbo.mydata", connection);
                                        using (var reader = command.ExecuteReader())
                                        {
                                            while (reader.Read())
                                            {
                                                Console.WriteLine($"# {reader[0]} {reader[1]}");
                                            }
                                        }

                                        Thread.Sleep(5000);
                                    }
                                }
                            }
                            catch (Exception ex)
                            {
                                Console.WriteLine(ex);
                            }
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "MySqlConnector's AppDb wrapper registered as a singleton instance, used by a controller",
            "Nta64/CSIS3126_Ackerman-: AppDb.cs, also ELHEMNOURI/ProjetMedical: MedicalProjet/WebApplication1/Data/AppDb.cs (registration and controller in minimal form)",
            new[]
            {
                """
                using System;
                using MySqlConnector;

                namespace WebApplication5
                {
                    public class AppDb : IDisposable
                    {
                        public MySqlConnection Connection { get; }

                        public AppDb(string connectionString)
                        {
                            Connection = new MySqlConnection(connectionString);
                        }

                        public void Dispose() => Connection.Dispose();
                    }
                }
                """,
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.DependencyInjection;
                using MySqlConnector;

                namespace WebApplication5
                {
                    public static class Startup
                    {
                        public static void Configure(IServiceCollection services, string connectionString)
                        {
                            services.AddSingleton(new AppDb(connectionString));
                        }
                    }

                    [ApiController]
                    [Route("api/blog")]
                    public class BlogController : ControllerBase
                    {
                        private readonly AppDb Db;

                        public BlogController(AppDb db)
                        {
                            Db = db;
                        }

                        [HttpGet]
                        public async Task<IActionResult> GetLatest()
                        {
                            await Db.Connection.OpenAsync();
                            using var cmd = Db.Connection.CreateCommand();
                            cmd.CommandText = "SELECT COUNT(*) FROM BlogPost";
                            var count = await cmd.ExecuteScalarAsync();
                            await Db.Connection.CloseAsync();
                            return Ok(count);
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Database wrapper with a public connection field opened in its constructor, registered as a singleton",
            "morencys/redites: WebApplication1/mysql.cs (registration and caller in minimal form)",
            new[]
            {
                """
                using System;
                using MySql.Data.MySqlClient;

                namespace WebApplication1
                {
                    public class MySqlDatabase : IDisposable
                    {
                        public MySqlConnection Connection;

                        public MySqlDatabase(string connectionString)
                        {
                            Connection = new MySqlConnection(connectionString);
                            this.Connection.Open();
                        }

                        public void Dispose()
                        {
                            Connection.Close();
                        }
                    }
                }
                """,
                """
                using System.Collections.Generic;
                using Microsoft.Extensions.DependencyInjection;
                using MySql.Data.MySqlClient;

                namespace WebApplication1
                {
                    public static class Startup
                    {
                        public static void Configure(IServiceCollection services, string connectionString)
                        {
                            services.AddSingleton(_ => new MySqlDatabase(connectionString));
                            services.AddScoped<PostService>();
                        }
                    }

                    public class PostService
                    {
                        private readonly MySqlDatabase MySqlDatabase;

                        public PostService(MySqlDatabase mySqlDatabase) => MySqlDatabase = mySqlDatabase;

                        public List<string> Titles()
                        {
                            var titles = new List<string>();
                            var cmd = MySqlDatabase.Connection.CreateCommand();
                            cmd.CommandText = "SELECT title FROM posts";
                            using (var reader = cmd.ExecuteReader())
                            {
                                while (reader.Read())
                                {
                                    titles.Add(reader.GetString(0));
                                }
                            }

                            return titles;
                        }
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Timer-based Windows service opening its connection in OnStart and writing from the Elapsed handler",
            "AhmetTuranAlp/ADO.NET-CSV-Import-Windows-Service: CsvReadService/Service1.cs (the connection as its InnerOperation keeps it, in minimal form)",
            new[]
            {
                """
                using System;
                using System.Data.SqlClient;
                using System.ServiceProcess;
                using System.Timers;

                namespace CsvReadService
                {
                    public partial class Service1 : ServiceBase
                    {
                        Timer timer = new Timer();
                        SqlConnection connection;

                        protected override void OnStart(string[] args)
                        {
                            connection = new SqlConnection("Data Source=.;Initial Catalog=Import;Integrated Security=True");
                            connection.Open();
                            timer.Elapsed += new ElapsedEventHandler(OnElapsedTime);
                            timer.Interval = 1000 * 60 * 2;
                            timer.Enabled = true;
                        }

                        private void OnElapsedTime(object sender, ElapsedEventArgs e)
                        {
                            var command = new SqlCommand("INSERT INTO ImportLog (RunAt) VALUES (GETDATE())", connection);
                            command.ExecuteNonQuery();
                        }

                        protected override void OnStop()
                        {
                            timer.Enabled = false;
                            connection.Close();
                        }
                    }
                }
                """,
            },
            LanguageVersion.CSharp7_3);

        yield return new HolderShape(
            "Timed hosted service assigning its connection in StartAsync and using it from the timer callback",
            "PanNiebieski/ScopedBackgroundServiceInAspNetCore: BackgroundService/TimedHostedService.cs (the documented timer service; the connection in minimal form)",
            new[]
            {
                HostingUsings + """
                using Npgsql;

                public class TimedHostedService : IHostedService, IDisposable
                {
                    private readonly string _connectionString;
                    private NpgsqlConnection _connection = null!;
                    private Timer _timer = null!;

                    public TimedHostedService(string connectionString)
                    {
                        _connectionString = connectionString;
                    }

                    public async Task StartAsync(CancellationToken stoppingToken)
                    {
                        _connection = new NpgsqlConnection(_connectionString);
                        await _connection.OpenAsync(stoppingToken);
                        _timer = new Timer(DoWork, null, TimeSpan.Zero, TimeSpan.FromSeconds(5));
                    }

                    private void DoWork(object? state)
                    {
                        using var command = new NpgsqlCommand("DELETE FROM sessions WHERE expires_at < now()", _connection);
                        command.ExecuteNonQuery();
                    }

                    public Task StopAsync(CancellationToken stoppingToken)
                    {
                        _timer?.Change(Timeout.Infinite, 0);
                        return Task.CompletedTask;
                    }

                    public void Dispose()
                    {
                        _timer?.Dispose();
                        _connection?.Dispose();
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Discord bot program keeping its connection in an instance field, used by the message handler and a timer",
            "discord-net/Discord.Net: docs/guides/getting_started/samples/first-bot/complete.cs, with the connection and timer as dakotale/BigBirdBot: Program.cs keeps them (in minimal form)",
            new[]
            {
                """
                using System;
                using System.Threading.Tasks;
                using MySqlConnector;

                public class Program
                {
                    private MySqlConnection _db;
                    private System.Timers.Timer _timer;
                    public event Func<string, Task> MessageReceived;

                    public static Task Main(string[] args) => new Program().MainAsync();

                    public async Task MainAsync()
                    {
                        _db = new MySqlConnection(Environment.GetEnvironmentVariable("BOT_DB"));
                        await _db.OpenAsync();
                        MessageReceived += MessageReceivedAsync;
                        _timer = new System.Timers.Timer(50000);
                        _timer.Elapsed += (s, e) => OnTimedEvent();
                        _timer.Start();
                        await Task.Delay(-1);
                    }

                    private async Task MessageReceivedAsync(string content)
                    {
                        using var command = new MySqlCommand("INSERT INTO messages (content) VALUES (@content)", _db);
                        command.Parameters.AddWithValue("@content", content);
                        await command.ExecuteNonQueryAsync();
                    }

                    private void OnTimedEvent()
                    {
                        using var command = new MySqlCommand("DELETE FROM reminders WHERE due < NOW()", _db);
                        command.ExecuteNonQuery();
                    }
                }
                """,
            });

        yield return new HolderShape(
            "Discord bot subscribing to its static connection's InfoMessage event",
            "TimothyJH/HeinzBOTtle: EventHandlers.cs and Statics/HBClients.cs (subscription in minimal form)",
            new[]
            {
                """
                using System;
                using MySqlConnector;

                namespace HeinzBOTtle;

                public static class HBData
                {
                    public static MySqlConnection DatabaseConnection { get; } = new MySqlConnection(Environment.GetEnvironmentVariable("HB_DB"));
                }

                public class EventHandlers
                {
                    public void MInfoMessageEvent(object sender, MySqlInfoMessageEventArgs args)
                    {
                        if (args.Errors != null)
                            foreach (var error in args.Errors)
                                Console.WriteLine($"{error.Level}/{error.ErrorCode}: {error.Message}");
                    }

                    public void Hook()
                    {
                        HBData.DatabaseConnection.InfoMessage += MInfoMessageEvent;
                        HBData.DatabaseConnection.Open();
                    }

                    public long CountMembers()
                    {
                        using var command = new MySqlCommand("SELECT COUNT(*) FROM members", HBData.DatabaseConnection);
                        return (long)command.ExecuteScalar();
                    }
                }
                """,
            });
    }
}
