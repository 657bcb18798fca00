using Microsoft.CodeAnalysis.CSharp;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.PerUse;

/// <summary>
/// Issue 14's shape 1: a static holder behind a lazy accessor that many callers reach
/// (<c>new MySqlCommand(q, Connection.GetInstance())</c> handed to a data adapter's <c>Fill</c>). The accessor becomes a
/// factory of pooled connections and each caller's unit of work disposes the one it takes.
/// </summary>
public class SharedAccessorFixTests
{
    /// <summary>
    /// mtsluna/finalLab@HEAD, connections/Connection.cs and daos/AutorDAO.cs: the accessor's connection-string local is
    /// called <c>connection</c>, the name the factory gave its own local; the factory now names its local otherwise.
    /// </summary>
    [Fact]
    public Task An_accessor_whose_setting_local_is_called_connection_becomes_a_factory() => Verify.VerifyAsync(
        """
        using System;
        using System.Configuration;
        using System.Data;
        using MySql.Data.MySqlClient;

        class Connection
        {
            private static MySqlConnection {|SC0001:instance|};

            private Connection()
            {
            }

            public static MySqlConnection GetInstance()
            {
                if (instance == null)
                {
                    var connection = ConfigurationManager.ConnectionStrings["connect"].ConnectionString;
                    instance = new MySqlConnection(connection);
                    instance.Open();
                }
                return instance;
            }
        }

        class AutorDAO
        {
            public DataTable GetAll()
            {
                MySqlCommand mySqlCommand = new MySqlCommand("SELECT * FROM autor", Connection.GetInstance());
                MySqlDataAdapter mySqlDataAdapter = new MySqlDataAdapter();
                mySqlDataAdapter.SelectCommand = mySqlCommand;
                DataTable dataTable = new DataTable();
                mySqlDataAdapter.Fill(dataTable);
                return dataTable;
            }

            public DataTable GetAllByText(String text)
            {
                MySqlCommand mySqlCommand;
                if (text.Trim().Equals(""))
                {
                    mySqlCommand = new MySqlCommand("SELECT * FROM autor", Connection.GetInstance());
                }
                else
                {
                    mySqlCommand = new MySqlCommand("SELECT * FROM autor WHERE nombre LIKE '%" + text + "%'", Connection.GetInstance());
                }
                MySqlDataAdapter mySqlDataAdapter = new MySqlDataAdapter();
                mySqlDataAdapter.SelectCommand = mySqlCommand;
                DataTable dataTable = new DataTable();
                mySqlDataAdapter.Fill(dataTable);
                return dataTable;
            }

            public void Delete(int index)
            {
                MySqlCommand mySqlCommand = new MySqlCommand("DELETE FROM autor WHERE id = " + index, Connection.GetInstance());
                mySqlCommand.ExecuteNonQuery();
            }
        }
        """,
        """
        using System;
        using System.Configuration;
        using System.Data;
        using MySql.Data.MySqlClient;

        class Connection
        {
            private Connection()
            {
            }

            public static MySqlConnection GetInstance()
            {
                var connection = ConfigurationManager.ConnectionStrings["connect"].ConnectionString;
                var newConnection = new MySqlConnection(connection);
                try
                {
                    newConnection.Open();
                    return newConnection;
                }
                catch
                {
                    newConnection.Dispose();
                    throw;
                }
            }
        }

        class AutorDAO
        {
            public DataTable GetAll()
            {
                using (var connection = Connection.GetInstance())
                {
                    MySqlCommand mySqlCommand = new MySqlCommand("SELECT * FROM autor", connection);
                    MySqlDataAdapter mySqlDataAdapter = new MySqlDataAdapter();
                    mySqlDataAdapter.SelectCommand = mySqlCommand;
                    DataTable dataTable = new DataTable();
                    mySqlDataAdapter.Fill(dataTable);
                    return dataTable;
                }
            }

            public DataTable GetAllByText(String text)
            {
                MySqlCommand mySqlCommand;
                using (var connection = Connection.GetInstance())
                {
                    if (text.Trim().Equals(""))
                    {
                        mySqlCommand = new MySqlCommand("SELECT * FROM autor", connection);
                    }
                    else
                    {
                        mySqlCommand = new MySqlCommand("SELECT * FROM autor WHERE nombre LIKE '%" + text + "%'", connection);
                    }
                    MySqlDataAdapter mySqlDataAdapter = new MySqlDataAdapter();
                    mySqlDataAdapter.SelectCommand = mySqlCommand;
                    DataTable dataTable = new DataTable();
                    mySqlDataAdapter.Fill(dataTable);
                    return dataTable;
                }
            }

            public void Delete(int index)
            {
                using (var connection = Connection.GetInstance())
                {
                    MySqlCommand mySqlCommand = new MySqlCommand("DELETE FROM autor WHERE id = " + index, connection);
                    mySqlCommand.ExecuteNonQuery();
                }
            }
        }
        """,
        LanguageVersion.CSharp7_3);
}
