using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// SC0007 spares a held connection opened only for one operation at a time whoever keeps its holder, as SC0002 spares a
/// long-lived type's own (OpenedPerOperation): closed between operations, a pooled provider hands each <c>Open()</c> a
/// checked session. Each counter-case keeps one way the connection stays open between operations, and stays reported.
/// </summary>
public class SC0007OpenedPerOperationTests
{
    private const string ServiceBase = FieldTests.HeldByLongLivedOwnerShapesTests.ServiceBaseStub;

    private const string ServiceReason =
        "'Service1' ('Service1' keeps the 'ProcesoDA' in field 'procesoDa'); 'Service1' derives from ServiceBase (a Windows service lives as long as the process)";

    // VectorGia/WindowsServiceMovSemPol, WindowsService/Servicio/ProcesoDA.cs and WindowsService/Service1.cs: the Windows
    // service keeps one ProcesoDA, whose every method opens conP in a try whose catch and finally close it.
    [Fact]
    public Task Data_access_class_of_a_windows_service_opening_in_a_try_closed_by_its_finally_is_not_reported() => Verify.VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using Npgsql;

        public class Conexion
        {
            public NpgsqlConnection ConnexionDB() => new NpgsqlConnection("Host=db;Database=etl");
        }

        public class ProcesoDA
        {
            NpgsqlConnection conP;
            Conexion conex = new Conexion();

            public ProcesoDA()
            {
                conP = conex.ConnexionDB();
            }

            public List<long> GetAllProcesos()
            {
                try
                {
                    var ids = new List<long>();
                    conP.Open();
                    NpgsqlCommand cmd = new NpgsqlCommand("SELECT id FROM proceso", conP);
                    NpgsqlDataReader rdr = cmd.ExecuteReader();
                    while (rdr.Read())
                    {
                        ids.Add(Convert.ToInt64(rdr["id"]));
                    }

                    conP.Close();
                    return ids;
                }
                catch (Exception)
                {
                    conP.Close();
                    throw;
                }
                finally
                {
                    conP.Close();
                }
            }

            public int UpdateProceso(long id, string estatus)
            {
                try
                {
                    conP.Open();
                    NpgsqlCommand cmd = new NpgsqlCommand("UPDATE proceso SET estatus = @e WHERE id = @id", conP);
                    cmd.Parameters.AddWithValue("@e", estatus);
                    cmd.Parameters.AddWithValue("@id", id);
                    int rows = cmd.ExecuteNonQuery();
                    conP.Close();
                    return rows;
                }
                finally
                {
                    conP.Close();
                }
            }
        }

        public class Service1 : System.ServiceProcess.ServiceBase
        {
            ProcesoDA procesoDa = new ProcesoDA();

            protected override void OnStart(string[] args)
            {
                foreach (var id in procesoDa.GetAllProcesos())
                {
                    procesoDa.UpdateProceso(id, "EJECUTANDO");
                }
            }
        }

        """ + ServiceBase);

    // The holder's shape is AndreLuizpDev/TelegramBuscaTrabalhoBot's Services/DatabaseService.cs (the connection built in
    // the constructor, each query opening it in a try whose finally closes it); here a bot keeps it in a field.
    [Fact]
    public Task Bot_kept_database_service_closing_in_each_finally_is_not_reported() => Verify.VerifyAsync("""
        using MySql.Data.MySqlClient;

        public class DatabaseService
        {
            private readonly MySqlConnection dbConnection;

            public DatabaseService(string connectionString)
            {
                dbConnection = new MySqlConnection(connectionString);
            }

            public void SaveUser(long chatId)
            {
                try
                {
                    dbConnection.Open();
                    MySqlCommand cmd = new MySqlCommand("INSERT IGNORE INTO users (chat_id) VALUES (@id)", dbConnection);
                    cmd.Parameters.AddWithValue("@id", chatId);
                    cmd.ExecuteNonQuery();
                }
                finally
                {
                    dbConnection.Close();
                }
            }

            public async System.Threading.Tasks.Task<long> CountUsersAsync()
            {
                try
                {
                    await dbConnection.OpenAsync();
                    using MySqlCommand cmd = new MySqlCommand("SELECT COUNT(*) FROM users", dbConnection);
                    return (long)await cmd.ExecuteScalarAsync();
                }
                finally
                {
                    await dbConnection.CloseAsync();
                }
            }
        }

        public class JobBot
        {
            private readonly DatabaseService _database = new DatabaseService("Server=db;Database=jobs");

            public void OnStart(long chatId) => _database.SaveUser(chatId);
        }
        """);

    // The holder's shape is VitorSiqueirr/avaliacao-tecnica-visualsoft's DatabaseService (OpenConnection() and
    // CloseConnection() around each repository call, closed in the repository's finally); here a hosted worker keeps it.
    [Fact]
    public Task Worker_kept_holder_opened_by_an_opener_whose_callers_close_in_finally_is_not_reported() => Verify.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Hosting;
        using MySql.Data.MySqlClient;

        public class DatabaseService
        {
            private readonly MySqlConnection connection = new MySqlConnection("server=db;database=app");

            public MySqlConnection Connection => connection;

            public void OpenConnection()
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    connection.Open();
                }
            }

            public void CloseConnection()
            {
                if (connection.State != System.Data.ConnectionState.Closed)
                {
                    connection.Close();
                }
            }
        }

        public class ImportWorker : BackgroundService
        {
            private readonly DatabaseService _db = new DatabaseService();

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    try
                    {
                        _db.OpenConnection();
                        using var cmd = new MySqlCommand("DELETE FROM queue WHERE done = 1", _db.Connection);
                        cmd.ExecuteNonQuery();
                    }
                    finally
                    {
                        _db.CloseConnection();
                    }

                    await Task.Delay(60_000, stoppingToken);
                }
            }
        }
        """);

    [Fact]
    public Task Holder_that_also_opens_in_its_constructor_is_reported() => Verify.VerifyAsync("""
        using Npgsql;

        public class ProcesoDA
        {
            NpgsqlConnection {|#0:conP|};

            public ProcesoDA()
            {
                conP = new NpgsqlConnection("Host=db");
                conP.Open();
            }

            public int UpdateProceso(long id)
            {
                try
                {
                    conP.Open();
                    return new NpgsqlCommand("UPDATE proceso SET estatus = 'OK' WHERE id = " + id, conP).ExecuteNonQuery();
                }
                finally
                {
                    conP.Close();
                }
            }
        }

        public class {|#1:Service1|} : System.ServiceProcess.ServiceBase
        {
            ProcesoDA procesoDa = new ProcesoDA();

            protected override void OnStart(string[] args) => procesoDa.UpdateProceso(1);
        }

        """ + ServiceBase,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("Field", "conP", "ProcesoDA", ServiceReason));

    // A close by a later statement without a finally counts only for a main form's click: in a service an exception
    // between Open() and Close() leaves the connection open for the next tick.
    [Fact]
    public Task Holder_of_a_service_closing_without_a_finally_is_reported() => Verify.VerifyAsync("""
        using Npgsql;

        public class ProcesoDA
        {
            NpgsqlConnection {|#0:conP|} = new NpgsqlConnection("Host=db");

            public int UpdateProceso(long id)
            {
                conP.Open();
                int rows = new NpgsqlCommand("UPDATE proceso SET estatus = 'OK' WHERE id = " + id, conP).ExecuteNonQuery();
                conP.Close();
                return rows;
            }
        }

        public class {|#1:Service1|} : System.ServiceProcess.ServiceBase
        {
            ProcesoDA procesoDa = new ProcesoDA();

            protected override void OnStart(string[] args) => procesoDa.UpdateProceso(1);
        }

        """ + ServiceBase,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("Field", "conP", "ProcesoDA", ServiceReason));
}
