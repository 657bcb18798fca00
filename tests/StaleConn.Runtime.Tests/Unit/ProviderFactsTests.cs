namespace StaleConn.Runtime.Tests.Unit;

/// <summary>What the guard reads from a connection string without referencing the provider (pooling: IdleThresholdTests).</summary>
public sealed class ProviderFactsTests
{
    [Theory]
    [InlineData("Server=db;SslMode=None", true)]
    [InlineData("Server=db;SslMode=Disabled", true)]
    [InlineData("Server=db;ssl mode=disabled", true)]
    [InlineData("Server=db;Ssl-Mode=NONE", true)]
    [InlineData("Server=db;SslMode=Preferred", false)]
    [InlineData("Server=db;SslMode=Required", false)]
    [InlineData("Server=db", false)] // MySqlConnector's default is Preferred: TLS may be negotiated
    [InlineData("", false)]
    [InlineData("Server=db;SslMode", false)] // does not parse: the provider reports it when it opens
    public void A_connection_string_rules_TLS_out_only_with_SslMode_None_or_Disabled(string connectionString, bool rulesOut) =>
        Assert.Equal(rulesOut, ProviderFacts.RulesOutTls(connectionString));
}
