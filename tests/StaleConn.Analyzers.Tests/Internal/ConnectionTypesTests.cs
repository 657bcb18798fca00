using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleConn.Analyzers.Internal;
using StaleConn.Analyzers.Tests.Infrastructure;

namespace StaleConn.Analyzers.Tests.Internal;

/// <summary>
/// The shared type classification: a referenced type whose assembly cannot name <c>IDbConnection</c> is answered
/// without decoding its interface list (the costliest part of classifying it, in every compilation), while a referenced
/// type that is a connection through its interfaces or its base class is still found.
/// </summary>
public class ConnectionTypesTests
{
    private static readonly AnalyzerOptions NoOptions = new(ImmutableArray<AdditionalText>.Empty);

    private static CSharpCompilation Compile(string assemblyName, string source, params MetadataReference[] extra) => CSharpCompilation.Create(
        assemblyName,
        new[] { CSharpSyntaxTree.ParseText(source) },
        TestReferences.Net80WithProviders.AddRange(extra),
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static MetadataReference Emitted(CSharpCompilation compilation)
    {
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static ITypeSymbol FieldType(Compilation compilation, string fieldName) =>
        compilation.GetTypeByMetadataName("Repository")!.GetMembers(fieldName).OfType<IFieldSymbol>().Single().Type;

    [Fact]
    public void Collection_and_task_types_are_not_connections_and_their_interface_lists_are_not_read()
    {
        var compilation = Compile("App", """
            using System.Collections.Generic;
            using System.Collections.ObjectModel;
            using System.Threading.Tasks;
            public class Repository
            {
                public List<string> Names;
                public Dictionary<int, Task<string>> Pending;
                public ObservableCollection<string> Items;
                public System.Threading.CancellationTokenSource Stop;
            }
            """);
        var types = ConnectionTypes.Create(compilation, NoOptions);

        foreach (var name in new[] { "Names", "Pending", "Items", "Stop" })
        {
            Assert.False(types.IsConnectionType(FieldType(compilation, name)), name);
        }

        Assert.Equal(0, types.InterfaceListsRead);
    }

    [Fact]
    public void A_referenced_interface_extending_IDbConnection_is_found_through_its_interface_list()
    {
        var vendor = Emitted(Compile("Vendor.Data", "namespace Vendor { public interface IVendorConnection : System.Data.IDbConnection { } }"));
        var compilation = Compile("App", "public class Repository { public Vendor.IVendorConnection Connection; }", vendor);
        var types = ConnectionTypes.Create(compilation, NoOptions);

        Assert.True(types.IsConnectionType(FieldType(compilation, "Connection")));
        Assert.True(types.InterfaceListsRead > 0);
    }

    [Fact]
    public void A_referenced_wrapper_whose_assembly_names_no_data_assembly_is_found_through_its_base_class()
    {
        var driver = Emitted(Compile("Vendor.Driver", """
            namespace Vendor
            {
                public abstract class VendorConnectionBase : System.Data.Common.DbConnection { }
            }
            """));
        var wrapperCompilation = Compile("Vendor.Pooling", "namespace Vendor.Pooling { public abstract class PooledConnection : Vendor.VendorConnectionBase { } }", driver);
        var wrapper = Emitted(wrapperCompilation);
        var compilation = Compile("App", "public class Repository { public Vendor.Pooling.PooledConnection Connection; }", driver, wrapper);
        var pooling = compilation.GetTypeByMetadataName("Vendor.Pooling.PooledConnection")!.ContainingAssembly;
        // The wrapper's own interface list is skipped (its assembly references no data assembly); its base is not.
        Assert.DoesNotContain(pooling.Modules.Single().ReferencedAssemblies, a => a.Name is "System.Data" or "System.Data.Common" or "netstandard");
        var types = ConnectionTypes.Create(compilation, NoOptions);

        Assert.True(types.IsConnectionType(FieldType(compilation, "Connection")));
    }
    [Fact]
    public void The_definition_table_is_sized_to_the_compilation_up_to_a_large_projects_size()
    {
        var small = Compile("App", "public class Repository { }");
        var large = small.AddSyntaxTrees(Enumerable.Range(0, 500).Select(i => CSharpSyntaxTree.ParseText($"public class Page{i} {{ }}")));

        Assert.InRange(ConnectionTypes.Create(small, NoOptions).StartingTableSize, 1, 256);
        Assert.Equal(4096, ConnectionTypes.Create(large, NoOptions).StartingTableSize);
    }
}
