using StaleConn.CodeFixes.Guarding;
using StaleConn.CodeFixes.Guarding.Planning;

namespace StaleConn.CodeFixes.Tests.Reasons;

/// <summary>
/// A <c>[ThreadStatic]</c> connection is one connection per thread, set and cleared by a scope: SubSonic 3's
/// <c>DbDataProvider.__sharedConnection</c>, which <c>SharedDbConnectionScope</c> initialises and whose last scope on a
/// thread disposes it (subsonic/SubSonic-3.0@fae68b6e165f SubSonic.Core/DataProviders/DbDataProvider.cs and
/// DataProviders/Connection.cs), vendored into applications as it is — AllEmpty/RapidSolution@46aeef84918a,
/// TAnsz/HKWeb@e2d5aefda25c, Sadikk/Dofus2-Emulator-Nehra@6fe32e391876 Stump.ORM/SubSonic/DataProviders/DbDataProvider.cs
/// — and its per-provider copies that override <c>CurrentSharedConnection</c> beside a <c>[ThreadStatic]</c>
/// transaction. One guard, data source or factory would be one holder for every thread, so each fix declines with
/// <see cref="NoFixReason.ThreadStaticConnection"/> (before: <c>ConnectionReturned</c>, which asked to stop returning a
/// connection the scope's design hands out).
/// </summary>
public class ThreadStaticConnectionTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Data;
        using System.Data.Common;
        using MySqlConnector;

        """;

    public static TheoryData<string, string> ThreadStaticShapes() => new()
    {
        {
            // subsonic/SubSonic-3.0@fae68b6e165f SubSonic.Core/DataProviders/DbDataProvider.cs (as vendored in Dofus2-Emulator-Nehra).
            "SubSonic DbDataProvider", Usings + """
            public abstract class DbDataProvider
            {
                [ThreadStatic]
                private static DbConnection __sharedConnection;

                protected DbDataProvider(string connectionString)
                {
                    ConnectionString = connectionString;
                }

                public string ConnectionString { get; private set; }

                public DbConnection CurrentSharedConnection
                {
                    get { return __sharedConnection; }

                    protected set
                    {
                        if (value == null)
                        {
                            __sharedConnection.Dispose();
                            __sharedConnection = null;
                        }
                        else
                        {
                            __sharedConnection = value;
                            __sharedConnection.Disposed += __sharedConnection_Disposed;
                        }
                    }
                }

                public DbConnection InitializeSharedConnection()
                {
                    if (CurrentSharedConnection == null)
                        CurrentSharedConnection = CreateConnection();

                    return CurrentSharedConnection;
                }

                public void ResetSharedConnection()
                {
                    CurrentSharedConnection = null;
                }

                public DbConnection CreateConnection()
                {
                    DbConnection conn = new MySqlConnection(ConnectionString);
                    if (conn.State == ConnectionState.Closed)
                        conn.Open();
                    return conn;
                }

                private static void __sharedConnection_Disposed(object sender, EventArgs e)
                {
                    __sharedConnection = null;
                }
            }
            """
        },
        {
            // SubSonic 3's per-provider copies (a DB2/Oracle provider overriding the shared connection beside a
            // [ThreadStatic] transaction), SubSonic.Oracle/DataProviders/DB2/DB2DataProvider.cs in the SubSonic forks.
            "SubSonic provider override", Usings + """
            public abstract class DataProviderBase
            {
                public abstract DbConnection CurrentSharedConnection { get; protected set; }

                public abstract DbTransaction CurrentSharedTransaction { get; set; }
            }

            public class Db2DataProvider : DataProviderBase
            {
                [ThreadStatic]
                private static DbConnection __sharedConnection;

                [ThreadStatic]
                private static DbTransaction __sharedTransaction;

                public override DbConnection CurrentSharedConnection
                {
                    get { return __sharedConnection; }

                    protected set
                    {
                        if (value == null)
                        {
                            __sharedConnection.Dispose();
                            __sharedConnection = null;
                        }
                        else
                        {
                            __sharedConnection = value;
                            __sharedConnection.Disposed += __sharedConnection_Disposed;
                        }
                    }
                }

                public override DbTransaction CurrentSharedTransaction
                {
                    get { return __sharedTransaction; }

                    set
                    {
                        if (__sharedTransaction != null)
                        {
                            try
                            {
                                __sharedTransaction.Dispose();
                            }
                            catch
                            {
                                // ignore errors.
                            }
                        }

                        __sharedTransaction = value;
                    }
                }

                public void Begin(string connectionString)
                {
                    var connection = new MySqlConnection(connectionString);
                    connection.Open();
                    CurrentSharedConnection = connection;
                }

                private static void __sharedConnection_Disposed(object sender, EventArgs e)
                {
                    __sharedConnection = null;
                }
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(ThreadStaticShapes))]
    public Task A_thread_static_connection_gets_no_fix_with_that_reason(string shape, string source) =>
        SnippetProject.AssertEveryFixDeclinesAsync(shape, source, NoFixReason.ThreadStaticConnection);

    /// <summary>The same holder without the attribute is one connection for the process: the fixes plan as before.</summary>
    [Fact]
    public async Task The_same_static_without_the_attribute_is_planned()
    {
        var (project, targets) = await SnippetProject.HolderFindingAsync(Usings + """
            public static class Database
            {
                private static MySqlConnection _shared = new MySqlConnection("Server=db");

                public static int CountOrders()
                {
                    using (var command = new MySqlCommand("SELECT COUNT(*) FROM orders", _shared))
                    {
                        return Convert.ToInt32(command.ExecuteScalar());
                    }
                }
            }
            """);
        var (_, notFixed) = await ConnectionGuardFix.GuardEachAsync(project.Solution, targets, FixMode.ConnectionFactory, CancellationToken.None);
        Assert.Empty(notFixed);
    }
}
