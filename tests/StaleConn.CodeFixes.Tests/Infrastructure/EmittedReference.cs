using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleConn.Analyzers.Tests.Infrastructure;

namespace StaleConn.CodeFixes.Tests.Infrastructure;

/// <summary>A library the code under test references but does not declare (a host's API), compiled from a stand-in source.</summary>
internal static class EmittedReference
{
    public static MetadataReference Of(string assemblyName, string source)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.Net80WithProviders,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
