using Microsoft.CodeAnalysis.Testing;
using Verify = StaleConn.CodeFixes.Tests.Infrastructure.CodeFixVerifier<
    StaleConn.Analyzers.Rules.StaticConnectionAnalyzer,
    StaleConn.CodeFixes.GuardWithConnectionGuardCodeFixProvider>;

namespace StaleConn.CodeFixes.Tests.Guard;

/// <summary>
/// The owner-parameter fix (a store copying its constructor's connection parameter, every caller passing the host's
/// connection) must see every caller of the constructor before it drops the parameter: an object creation written
/// through an alias, a <c>this(...)</c> or <c>base(...)</c> initializer (also in a derived type's other partial file),
/// a primary-constructor base, a container's type argument, a caller in another project. The callers' search reads
/// only the trees that can spell the type and binds only those calls (ConstructorCallers); a caller it missed would be
/// left passing an argument the constructor no longer takes. The store is the WeaponPlus shape of
/// UnrealMultiple/TShockPlugin@9319375 (Economics.WeaponPlus/WeaponPlusDB.cs, Economics.WeaponPlus/WeaponPlus.cs:
/// <c>DB = new WeaponPlusDB(TShock.DB);</c>); the caller shapes around it are C# forms the search must cover.
/// </summary>
public class OwnerParameterCallersTests
{
    private const string Plugin = """
        using TShockAPI;

        public class WeaponPlugin
        {
            public static WeaponStore {|SC0001:Store|} { get; set; } = null!;

            public void Initialize()
            {
                Store = new WeaponStore(TShock.DB);
            }
        }
        """;

    private const string FixedPlugin = """
        using TShockAPI;

        public class WeaponPlugin
        {
            public static WeaponStore Store { get; set; } = null!;

            public void Initialize()
            {
                Store = new WeaponStore();
            }
        }
        """;

    private const string Store = """
        using System.Data;

        public class WeaponStore
        {
            private readonly IDbConnection database;

            public WeaponStore(IDbConnection database)
            {
                this.database = database;
            }

            public object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM WeaponPlus";
                return command.ExecuteScalar();
            }
        }
        """;

    private const string FixedStore = """
        using System.Data;

        public class WeaponStore
        {
            private IDbConnection database => TShockAPI.TShock.DB;

            public WeaponStore()
            {
            }

            public object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM WeaponPlus";
                return command.ExecuteScalar();
            }
        }
        """;

    /// <summary>A caller that spells the store through a using alias loses its argument too.</summary>
    [Fact]
    public Task Caller_writing_the_store_through_an_alias_loses_its_argument() => VerifyAsync(
        new[]
        {
            Plugin,
            Store,
            """
            using TShockAPI;
            using Weapons = WeaponStore;

            public static class Reloader
            {
                public static void Reload() => WeaponPlugin.Store = new Weapons(TShock.DB);
            }
            """,
        },
        new[]
        {
            FixedPlugin,
            FixedStore,
            """
            using TShockAPI;
            using Weapons = WeaponStore;

            public static class Reloader
            {
                public static void Reload() => WeaponPlugin.Store = new Weapons();
            }
            """,
        });

    /// <summary>A derived store passing the host's connection to <c>base(...)</c> loses that argument as well.</summary>
    [Fact]
    public Task Derived_type_passing_the_hosts_connection_to_base_loses_its_argument() => VerifyAsync(
        new[]
        {
            Plugin,
            Store,
            """
            using TShockAPI;

            public class ArchivedWeaponStore : WeaponStore
            {
                public ArchivedWeaponStore() : base(TShock.DB)
                {
                }
            }
            """,
        },
        new[]
        {
            FixedPlugin,
            FixedStore,
            """
            using TShockAPI;

            public class ArchivedWeaponStore : WeaponStore
            {
                public ArchivedWeaponStore() : base()
                {
                }
            }
            """,
        });

    /// <summary>A derived store passing another connection to <c>base(...)</c>: callers disagree, no owner fix.</summary>
    [Fact]
    public Task Derived_type_passing_another_connection_to_base_gets_no_owner_fix() => VerifyNoOwnerFixAsync(
        Plugin,
        Store,
        """
        using System.Data;

        public class ArchivedWeaponStore : WeaponStore
        {
            public ArchivedWeaponStore(IDbConnection archive) : base(archive)
            {
            }
        }
        """);

    /// <summary>
    /// The derived type names the store in one partial file and calls <c>base(...)</c> in another that never spells the
    /// store's name: the call is still found (find-references narrowed to the files naming the type missed it).
    /// </summary>
    [Fact]
    public Task Base_call_in_a_partial_file_that_does_not_name_the_store_is_found() => VerifyNoOwnerFixAsync(
        Plugin,
        Store,
        """
        public partial class ArchivedWeaponStore : WeaponStore
        {
        }
        """,
        """
        using System.Data;

        public partial class ArchivedWeaponStore
        {
            public ArchivedWeaponStore(IDbConnection archive) : base(archive)
            {
            }
        }
        """);

    /// <summary>A derived type with a primary-constructor base builds the store where the fix cannot drop the argument.</summary>
    [Fact]
    public Task Derived_type_with_a_primary_constructor_base_gets_no_owner_fix() => VerifyNoOwnerFixAsync(
        Plugin,
        Store,
        """
        using TShockAPI;

        public class ArchivedWeaponStore(string name) : WeaponStore(TShock.DB)
        {
            public string Name { get; } = name;
        }
        """);

    /// <summary>Another constructor of the store chains to it with another connection: no owner fix.</summary>
    [Fact]
    public Task Constructor_chaining_with_another_connection_gets_no_owner_fix() => VerifyNoOwnerFixAsync(
        Plugin,
        """
        using System.Data;

        public static class Archive
        {
            public static IDbConnection {|SC0001:Connection|} { get; set; } = null!;
        }

        public class WeaponStore
        {
            private readonly IDbConnection database;

            public WeaponStore(IDbConnection database)
            {
                this.database = database;
            }

            public WeaponStore(string archiveName) : this(Archive.Connection)
            {
            }

            public object? Count()
            {
                using var command = database.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM WeaponPlus";
                return command.ExecuteScalar();
            }
        }
        """);

    /// <summary>A container builds the store through an alias of its name: what it passes is out of view.</summary>
    [Fact]
    public Task Container_building_the_store_through_an_alias_gets_no_owner_fix() => VerifyNoOwnerFixAsync(
        Plugin,
        Store,
        """
        using System;
        using Weapons = WeaponStore;

        public static class Services
        {
            public static object? Resolve(IServiceProvider services) => services.GetService(typeof(Weapons));
        }
        """);

    /// <summary>A caller in another project of the solution passes another connection: found, so no owner fix.</summary>
    [Fact]
    public async Task Caller_in_another_project_passing_another_connection_gets_no_owner_fix()
    {
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = GuardWithConnectionGuardCodeFixProvider.OwnerSourceEquivalenceKey,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.Sources.Add(("/0/Test0.cs", Plugin));
        test.TestState.Sources.Add(("/0/Test1.cs", Store));
        test.TestState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        test.TestState.AdditionalProjects["Archive"].Sources.Add(("/1/Archive.cs", """
            using System.Data;

            public static class ArchiveStores
            {
                public static WeaponStore Open(IDbConnection archive) => new WeaponStore(archive);
            }
            """));
        test.TestState.AdditionalProjects["Archive"].AdditionalProjectReferences.Add("TestProject");
        test.FixedState.InheritanceMode = StateInheritanceMode.AutoInheritAll;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync();
    }

    private static Task VerifyAsync(string[] sources, string[] fixedSources)
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = GuardWithConnectionGuardCodeFixProvider.OwnerSourceEquivalenceKey };
        test.TestState.Sources.AddRange(sources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.Sources.AddRange(fixedSources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.TestState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        test.FixedState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        return test.RunAsync();
    }

    /// <summary>The owner fix is not offered (whatever the other fixes do with the finding).</summary>
    private static Task VerifyNoOwnerFixAsync(params string[] sources)
    {
        var test = new Verify.Test
        {
            CodeActionEquivalenceKey = GuardWithConnectionGuardCodeFixProvider.OwnerSourceEquivalenceKey,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.Sources.AddRange(sources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.Sources.AddRange(sources.Select((s, i) => ($"/0/Test{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(s))));
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.TestState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        test.FixedState.AdditionalReferences.Add(OwnerSourceFixTests.HostReference.Value);
        return test.RunAsync();
    }
}
