using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleConn.Analyzers.Internal;

/// <summary>
/// Whether syntax belongs to a test: a method marked as a test (xUnit, NUnit, MSTest), a class marked as a fixture, or
/// a file in a test project's folder (<c>Foo.Tests/</c>, <c>UnitTest/</c>). A test creating a holder, or keeping one in a
/// fixture, says nothing about how the program keeps it: in a real build the test project is another compilation, and
/// only a whole-repository compilation puts both in one.
/// </summary>
internal static class TestCode
{
    private static readonly string[] TestAttributes =
    {
        "Fact", "Theory", "Test", "TestCase", "TestCaseSource", "TestMethod", "DataTestMethod", "TestClass", "TestFixture", "SetUp", "OneTimeSetUp", "TestInitialize", "ClassInitialize",
    };

    private static readonly char[] DirectorySeparators = { '/', '\\' };

    /// <summary>True for a file in a folder named like a test project (<c>Tests</c>, <c>App.Test</c>, <c>UnitTests</c>).</summary>
    public static bool IsTestFile(SyntaxTree tree)
    {
        // Read in place, not split: this runs for every keeping member and per-use creation SC0007 looks at.
        var path = tree.FilePath;
        for (var end = path.IndexOfAny(DirectorySeparators); end >= 0; end = path.IndexOfAny(DirectorySeparators, end + 1))
        {
            if (EndsWith(path, end, "Test") || EndsWith(path, end, "Tests"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the folder name ending at <paramref name="end"/> (exclusive) ends with <paramref name="suffix"/>.</summary>
    private static bool EndsWith(string path, int end, string suffix)
    {
        var start = end - suffix.Length;
        return start >= 0 && string.CompareOrdinal(path, start, suffix, 0, suffix.Length) == 0;
    }

    /// <summary>True for syntax inside a test method or a test fixture class, or in a test project's file.</summary>
    public static bool Contains(SyntaxNode node)
    {
        if (IsTestFile(node.SyntaxTree))
        {
            return true;
        }

        foreach (var ancestor in node.AncestorsAndSelf())
        {
            var attributes = ancestor switch
            {
                BaseMethodDeclarationSyntax method => method.AttributeLists,
                TypeDeclarationSyntax type => type.AttributeLists,
                _ => default,
            };
            foreach (var list in attributes)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (IsTestAttribute(CreationSites.TypeName(attribute.Name)))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool IsTestAttribute(string name)
    {
        var bare = name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
        return Array.IndexOf(TestAttributes, bare) >= 0;
    }
}
