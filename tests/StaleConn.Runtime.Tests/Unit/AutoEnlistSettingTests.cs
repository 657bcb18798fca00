namespace StaleConn.Runtime.Tests.Unit;

public sealed class AutoEnlistSettingTests
{
    [Theory]
    [InlineData("Server=db;AutoEnlist=false", false)] // MySqlConnector
    [InlineData("Server=db;Auto Enlist=False", false)]
    [InlineData("Server=db;Enlist=false", false)] // MySql.Data, SqlClient, Npgsql
    [InlineData("Server=db;enlist=no", false)]
    [InlineData("Server=db;Enlist=0", false)]
    [InlineData("Server=db;Enlist= false ", false)]
    [InlineData("Server=db;AutoEnlist=true", true)]
    [InlineData("Server=db;Enlist=yes", true)]
    [InlineData("Server=db", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("not a connection string =;=", true)]
    public void Only_an_explicit_off_turns_auto_enlistment_off(string? connectionString, bool expected) =>
        Assert.Equal(expected, AutoEnlistSetting.IsOn(connectionString));
}
