using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.Analyzers.Tests.Infrastructure;
using StaleConn.CodeFixes.Tests.Infrastructure;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// A member that keeps a copy of a connection its host builds and owns (a TShock plugin's <c>database = TShock.DB;</c>)
/// is fixed by reading the host's member where it is used: an expression-bodied property, the copies removed. Shapes
/// from UnrealMultiple/TShockPlugin: Economics.RPG/PlayerLevelManager.cs (an instance field set in the constructor, the
/// manager kept in a static property) and PermaBuff/DB.cs (a static field set by <c>Init</c>).
/// </summary>
public class OwnerSourceFixTests
{
    /// <summary>The host, outside the solution: compiled to metadata as the game server's assembly is.</summary>
    private const string Host = """
        namespace TShockAPI
        {
            public static class TShock
            {
                public static System.Data.IDbConnection DB { get; set; } = null!;
            }
        }
        """;

    [Fact]
    public Task Manager_kept_in_a_static_property_reads_the_hosts_connection_through_a_property() => VerifyWithHostAsync("""
        using System.Collections.Generic;
        using System.Data;
        using TShockAPI;

        public class PlayerLevelManager
        {
            private readonly IDbConnection database;

            internal PlayerLevelManager()
            {
                database = TShock.DB;
                Levels = Load();
            }

            public Dictionary<string, string> Levels { get; }

            private Dictionary<string, string> Load()
            {
                var levels = new Dictionary<string, string>();
                using var command = database.CreateCommand();
                command.CommandText = "SELECT Name, Level FROM RPG";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    levels[reader.GetString(0)] = reader.GetString(1);
                }

                return levels;
            }
        }

        public static class Economics
        {
            public static PlayerLevelManager {|SC0001:PlayerLevelManager|} { get; private set; } = new PlayerLevelManager();
        }
        """, """
        using System.Collections.Generic;
        using System.Data;
        using TShockAPI;

        public class PlayerLevelManager
        {
            private IDbConnection database => TShock.DB;

            internal PlayerLevelManager()
            {
                Levels = Load();
            }

            public Dictionary<string, string> Levels { get; }

            private Dictionary<string, string> Load()
            {
                var levels = new Dictionary<string, string>();
                using var command = database.CreateCommand();
                command.CommandText = "SELECT Name, Level FROM RPG";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    levels[reader.GetString(0)] = reader.GetString(1);
                }

                return levels;
            }
        }

        public static class Economics
        {
            public static PlayerLevelManager PlayerLevelManager { get; private set; } = new PlayerLevelManager();
        }
        """);

    [Fact]
    public Task Static_field_set_by_init_reads_the_hosts_connection_through_a_static_property() => VerifyWithHostAsync("""
        using System.Data;
        using TShockAPI;

        public class DB
        {
            private static IDbConnection {|SC0001:database|};

            public static void Init()
            {
                database = TShock.DB;
                Execute("CREATE TABLE IF NOT EXISTS PermaBuff (Id INTEGER, Buffs TEXT)");
            }

            public static void Execute(string sql)
            {
                using var command = database.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }
        """, """
        using System.Data;
        using TShockAPI;

        public class DB
        {
            private static IDbConnection database => TShock.DB;

            public static void Init()
            {
                Execute("CREATE TABLE IF NOT EXISTS PermaBuff (Id INTEGER, Buffs TEXT)");
            }

            public static void Execute(string sql)
            {
                using var command = database.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }
        """);

    /// <summary>
    /// UnrealMultiple/TShockPlugin, newer snapshot (f15 set): src/PermaBuff/DB.cs declares the field <c>= null!</c> under
    /// nullable annotations and sets it in <c>Init()</c>; the suppressed null is no value of its own.
    /// </summary>
    [Fact]
    public Task Static_field_declared_null_forgiving_reads_the_hosts_connection() => VerifyWithHostAsync("""
        #nullable enable
        using System.Data;
        using TShockAPI;

        public class DB
        {
            private static IDbConnection {|SC0001:database|} = null!;

            public static void Init()
            {
                database = TShock.DB;
            }

            public static void Delete(string name)
            {
                using var command = database.CreateCommand();
                command.CommandText = "DELETE FROM Permabuff WHERE Name = '" + name + "'";
                command.ExecuteNonQuery();
            }
        }
        """, """
        #nullable enable
        using System.Data;
        using TShockAPI;

        public class DB
        {
            private static IDbConnection database => TShock.DB;

            public static void Init()
            {
            }

            public static void Delete(string name)
            {
                using var command = database.CreateCommand();
                command.CommandText = "DELETE FROM Permabuff WHERE Name = '" + name + "'";
                command.ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Auto_property_with_a_private_setter_and_an_unresolved_host_keeps_the_hosts_error_where_it_reads() => Verify.VerifyAsync("""
        using System.Data;

        public static class Storage
        {
            public static IDbConnection {|SC0001:Database|} { get; private set; }

            public static void Initialize()
            {
                Database = {|CS0103:TShock|}.DB;
            }

            public static int Count()
            {
                using var command = Database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Warps";
                return (int)(long)command.ExecuteScalar()!;
            }
        }
        """, """
        using System.Data;

        public static class Storage
        {
            public static IDbConnection Database => {|CS0103:TShock|}.DB;

            public static void Initialize()
            {
            }

            public static int Count()
            {
                using var command = Database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Warps";
                return (int)(long)command.ExecuteScalar()!;
            }
        }
        """);

    [Fact]
    public Task Source_declared_in_the_solution_is_not_read_through_a_property() => VerifyNoOwnerFixAsync("""
        using System.Data;

        public static class Host
        {
            public static IDbConnection {|SC0001:DB|} { get; set; }
        }

        public static class Storage
        {
            private static IDbConnection {|SC0001:database|};

            public static void Initialize()
            {
                database = Host.DB;
            }

            public static object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Warps";
                return command.ExecuteScalar();
            }
        }
        """);

    [Fact]
    public Task Member_also_assigned_another_source_gets_no_owner_fix() => VerifyNoOwnerFixAsync("""
        using System.Data;
        using TShockAPI;

        public static class Storage
        {
            private static IDbConnection {|SC0001:database|};

            public static void Initialize()
            {
                database = TShock.DB;
            }

            public static void UseOther(IDbConnection other)
            {
                database = other;
            }

            public static object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Warps";
                return command.ExecuteScalar();
            }
        }
        """);

    [Fact]
    public Task Member_this_code_opens_and_closes_gets_no_owner_fix() => VerifyNoOwnerFixAsync("""
        using System.Data;
        using TShockAPI;

        public static class Storage
        {
            private static IDbConnection {|SC0001:database|};

            public static void Initialize()
            {
                database = TShock.DB;
                database.Open();
            }

            public static object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Warps";
                return command.ExecuteScalar();
            }

            public static void Shutdown()
            {
                database.Close();
            }
        }
        """);

    [Fact]
    public Task Member_checked_for_null_gets_no_owner_fix() => VerifyNoOwnerFixAsync("""
        using System.Data;
        using TShockAPI;

        public static class Storage
        {
            private static IDbConnection {|SC0001:database|};

            public static void Initialize()
            {
                database = TShock.DB;
            }

            public static object? Count()
            {
                if (database == null)
                {
                    return null;
                }

                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Warps";
                return command.ExecuteScalar();
            }
        }
        """);

    private static Task VerifyWithHostAsync(string source, string fixedSource)
    {
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource };
        test.TestState.AdditionalReferences.Add(HostReference.Value);
        test.FixedState.AdditionalReferences.Add(HostReference.Value);
        return test.RunAsync();
    }

    /// <summary>
    /// Whatever else is offered, the owner fix is not (no other fix applies to these shapes either). The members have
    /// no initializer: a <c>null</c> one would decline the fix on its own and hide the condition each case is about.
    /// </summary>
    private static Task VerifyNoOwnerFixAsync(string source)
    {
        var test = new Verify.Test { TestCode = source, FixedCode = source, CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None };
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        test.TestState.AdditionalReferences.Add(HostReference.Value);
        test.FixedState.AdditionalReferences.Add(HostReference.Value);
        return test.RunAsync();
    }

    /// <summary>The host's assembly, shared with the other owner-source tests.</summary>
    internal static readonly Lazy<MetadataReference> HostReference = new(() => EmittedReference.Of("TShockAPI", Host));
}
