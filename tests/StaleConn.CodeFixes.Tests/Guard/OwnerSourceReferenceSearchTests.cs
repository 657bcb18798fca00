using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The owner-source fix must find every copy of the member, wherever it is written: it searches the solution itself
/// (by the name in each file's text, binding only names that can mean the member) instead of Roslyn's find-references,
/// whose first search indexes every document while the lightbulb waits. A copy it missed would stay as an assignment to
/// the new read-only property. Shapes from UnrealMultiple/TShockPlugin (managers copying <c>TShock.DB</c>; the copies
/// written in a derived manager and through <c>using static</c> are variations this search must not miss).
/// </summary>
public class OwnerSourceReferenceSearchTests
{
    [Fact]
    public Task Copy_written_bare_in_a_derived_type_of_another_file_is_removed_too() => VerifyAsync(
        new[]
        {
            ("Manager.cs", """
                using System.Data;
                using TShockAPI;

                public class Manager
                {
                    protected IDbConnection database;

                    public Manager()
                    {
                        database = TShock.DB;
                    }
                }
                """),
            ("ItemManager.cs", """
                using System.Data;
                using TShockAPI;

                public class ItemManager : Manager
                {
                    public void Reload()
                    {
                        database = TShock.DB;
                    }

                    public object? Count()
                    {
                        using var command = database.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM Items";
                        return command.ExecuteScalar();
                    }
                }

                public static class Plugin
                {
                    public static ItemManager {|SC0001:Items|} { get; } = new ItemManager();
                }
                """),
        },
        new[]
        {
            ("Manager.cs", """
                using System.Data;
                using TShockAPI;

                public class Manager
                {
                    protected IDbConnection database => TShock.DB;

                    public Manager()
                    {
                    }
                }
                """),
            ("ItemManager.cs", """
                using System.Data;
                using TShockAPI;

                public class ItemManager : Manager
                {
                    public void Reload()
                    {
                    }

                    public object? Count()
                    {
                        using var command = database.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM Items";
                        return command.ExecuteScalar();
                    }
                }

                public static class Plugin
                {
                    public static ItemManager Items { get; } = new ItemManager();
                }
                """),
        });

    [Fact]
    public Task Copy_written_through_using_static_in_another_type_is_removed_too() => VerifyAsync(
        new[]
        {
            ("DB.cs", StorageSource),
            ("Reload.cs", """
                using TShockAPI;
                using static DB;

                public static class Reloader
                {
                    public static void Again()
                    {
                        database = TShock.DB;
                    }
                }
                """),
        },
        new[]
        {
            ("DB.cs", StorageFixed),
            ("Reload.cs", """
                using TShockAPI;
                using static DB;

                public static class Reloader
                {
                    public static void Again()
                    {
                    }
                }
                """),
        });

    [Fact]
    public Task Copy_written_through_a_global_using_static_of_another_file_is_removed_too() => VerifyAsync(
        new[]
        {
            ("DB.cs", StorageSource),
            ("GlobalUsings.cs", "global using static DB;\n"),
            ("Reload.cs", """
                using TShockAPI;

                public static class Reloader
                {
                    public static void Again()
                    {
                        database = TShock.DB;
                    }
                }
                """),
        },
        new[]
        {
            ("DB.cs", StorageFixed),
            ("GlobalUsings.cs", "global using static DB;\n"),
            ("Reload.cs", """
                using TShockAPI;

                public static class Reloader
                {
                    public static void Again()
                    {
                    }
                }
                """),
        });

    [Fact]
    public Task Copy_whose_name_is_spelled_with_a_unicode_escape_is_removed_too() => VerifyAsync(
        new[]
        {
            ("DB.cs", StorageSource),
            ("Reload.cs", """
                using TShockAPI;

                public static class Reloader
                {
                    public static void Again()
                    {
                        DB.d\u0061tabase = TShock.DB;
                    }
                }
                """),
        },
        new[]
        {
            ("DB.cs", StorageFixed),
            ("Reload.cs", """
                using TShockAPI;

                public static class Reloader
                {
                    public static void Again()
                    {
                    }
                }
                """),
        });

    private const string StorageSource = """
        using System.Data;
        using TShockAPI;

        public static class DB
        {
            public static IDbConnection {|SC0001:database|};

            public static void Init()
            {
                database = TShock.DB;
            }

            public static object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Buffs";
                return command.ExecuteScalar();
            }
        }
        """;

    private const string StorageFixed = """
        using System.Data;
        using TShockAPI;

        public static class DB
        {
            public static IDbConnection database => TShock.DB;

            public static void Init()
            {
            }

            public static object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM Buffs";
                return command.ExecuteScalar();
            }
        }
        """;

    private static Task VerifyAsync((string Name, string Text)[] sources, (string Name, string Text)[] fixedSources)
    {
        var test = new Verify.Test();
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        foreach (var source in fixedSources)
        {
            test.FixedState.Sources.Add(source);
        }

        test.TestState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        test.FixedState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        return test.RunAsync();
    }
}
