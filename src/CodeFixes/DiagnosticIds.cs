namespace StaleConn.CodeFixes;

/// <summary>The analyzer rules the code fixes answer (kept here so a fix does not depend on a rule class's shape).</summary>
internal static class DiagnosticIds
{
    public const string StaticConnection = "SC0001";
    public const string LongLivedServiceConnection = "SC0002";
    public const string SingletonRegistration = "SC0003";
    public const string ConnectionAcrossWaitingLoop = "SC0004";
    public const string SingletonServiceConnection = "SC0005";
    public const string LeaseMisuse = "SC0006";
    public const string HeldByLongLivedOwner = "SC0007";
}
