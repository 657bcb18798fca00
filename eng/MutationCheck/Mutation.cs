using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaleConn.MutationCheck;

/// <summary>
/// One small, realistic regression: <see cref="Find"/> (which must occur exactly once in <see cref="File"/>) replaced
/// by <see cref="Replace"/>, and the test project expected to catch it.
/// </summary>
public sealed record Mutation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("find")] string Find,
    [property: JsonPropertyName("replace")] string Replace,
    [property: JsonPropertyName("tests")] string Tests,
    [property: JsonPropertyName("why")] string Why)
{
    /// <summary>The catalogue, eng/mutations.json.</summary>
    public static IReadOnlyList<Mutation> ReadCatalogue(string path) =>
        JsonSerializer.Deserialize<List<Mutation>>(System.IO.File.ReadAllText(path), new JsonSerializerOptions { ReadCommentHandling = JsonCommentHandling.Skip })
        ?? throw new InvalidDataException($"{path} holds no mutations.");

    /// <summary>The mutated text of <paramref name="source"/>, or why the mutation no longer applies to it.</summary>
    public (string? Mutated, string? Reason) ApplyTo(string source)
    {
        var first = source.IndexOf(Find, StringComparison.Ordinal);
        if (first < 0)
        {
            return (null, $"'{Find}' is no longer in {File}: update the mutation to the code as it is now");
        }

        if (source.IndexOf(Find, first + 1, StringComparison.Ordinal) >= 0)
        {
            return (null, $"'{Find}' occurs more than once in {File}: make it unique");
        }

        return (string.Concat(source.AsSpan(0, first), Replace, source.AsSpan(first + Find.Length)), null);
    }
}
