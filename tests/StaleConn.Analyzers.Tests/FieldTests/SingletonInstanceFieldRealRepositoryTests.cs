using Verify = StaleConn.Analyzers.Tests.FieldTests.AllRulesVerifier;

namespace StaleConn.Analyzers.Tests.FieldTests;

/// <summary>
/// wild29's recall miss "an instance field of a static singleton" is SC0002's direct shape (the class is long-lived by
/// its own declaration), not one step away: it was missed because the bench compiles without Oracle's provider, so
/// <c>OracleConnection</c> did not bind. With a provider that binds, every rule together reports it once.
/// </summary>
public class SingletonInstanceFieldRealRepositoryTests
{
    [Fact]
    public Task Singleton_helper_opening_its_connection_in_its_private_constructor_is_reported_once() => Verify.VerifyAsync(
        """
        // Real: Everstar/HospitalManageSystem, WebAPIs/WebAPIs/Providers/DatabaseHelper.cs (an ASP.NET Web API: ~95
        // uses of DatabaseHelper.GetInstance().conn from every API helper, transactions on it; the provider is Oracle's
        // there, Npgsql here so that the type binds, and the string comes from WebConfigurationManager).
        using Npgsql;

        namespace WebAPIs.Providers
        {
            public class DatabaseHelper
            {
                private static DatabaseHelper instance = null;

                public NpgsqlConnection {|#0:conn|} = null;

                private DatabaseHelper()
                {
                    if (conn == null)
                    {
                        conn = new NpgsqlConnection("Host=db;Database=hospital");
                        conn.Open();
                    }
                }

                public static DatabaseHelper GetInstance()
                {
                    if (null == instance)
                    {
                        instance = new DatabaseHelper();
                    }

                    return instance;
                }
            }

            public class PatientHelper
            {
                public int Count()
                {
                    using var command = new NpgsqlCommand("SELECT count(*) FROM patient", DatabaseHelper.GetInstance().conn);
                    return System.Convert.ToInt32(command.ExecuteScalar());
                }
            }
        }
        """,
        Verify.Diagnostic("SC0002").WithLocation(0).WithArguments(
            "Field", "conn", "NpgsqlConnection", "DatabaseHelper", "is a singleton (static field 'instance' holds its only instance)"));
}
