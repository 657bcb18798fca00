using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

// The namespace starts with "MySqlConnector" on purpose: the guard recognises MySQL providers by namespace, so this
// in-test provider exercises the server-idle-limit branch (SELECT @@session.wait_timeout) without a server.
namespace MySqlConnector.ScriptedForTests;

/// <summary>
/// A scripted "server" for unit tests of the guard's decisions: sessions that can die, probes that fail or hang, and
/// counters of what the guard did. Real-server behaviour is covered by the MariaDB integration tests.
/// </summary>
public sealed class ScriptedDatabase
{
    private int _nextSessionId;

    public int Opens;
    public int Probes;
    public int SessionQueries;
    public int IdleLimitQueries;
    public int Disposals;
    public int ExecutedInitSql;
    public bool RefuseOpen;
    public bool ProbeHangs;

    /// <summary>Set while a hanging probe (<see cref="ProbeHangs"/>) waits for its cancellation.</summary>
    public readonly ManualResetEventSlim ProbeWaiting = new();
    public bool ProbeIgnoresCancel;
    public bool CancelThrows;
    public bool KnowsWaitTimeout;
    public bool DisposeThrows;
    public ManualResetEventSlim? DisposeBlocksUntil;
    public int WaitTimeoutSeconds = 28800;
    public readonly HashSet<int> DeadSessions = new();
    public readonly List<string> Executed = new();

    public int NextSessionId() => Interlocked.Increment(ref _nextSessionId);

    public ScriptedConnection CreateConnection() => new(this) { ConnectionString = "Data Source=scripted;Password=secret" };

    /// <summary>A connection that, like MySqlConnector's and MySql.Data's, reports the server's id from the handshake.</summary>
    public ScriptedHandshakeConnection CreateHandshakeConnection() => new(this) { ConnectionString = "Data Source=scripted;Password=secret" };
}

/// <summary>
/// Exposes <c>ServerThread</c> (the id from the handshake) as the MySQL providers do, so the guard takes the id without
/// a query and reads <c>wait_timeout</c> alone, at the session's next acquire.
/// </summary>
public sealed class ScriptedHandshakeConnection : ScriptedConnection
{
    public ScriptedHandshakeConnection(ScriptedDatabase database) : base(database) { }

    public int ServerThread => State == ConnectionState.Open ? SessionId : throw new InvalidOperationException("Connection must be Open");
}

public sealed class ScriptedException : DbException
{
    public ScriptedException(string message) : base(message) { }
}

public class ScriptedConnection : DbConnection
{
    private readonly ScriptedDatabase _database;
    private ConnectionState _state = ConnectionState.Closed;

    public ScriptedConnection() : this(new ScriptedDatabase()) { }

    public ScriptedConnection(ScriptedDatabase database) => _database = database;

    public int SessionId { get; private set; }

    /// <summary>This session's wait_timeout: the server's value when it opened, or what <c>SET SESSION</c> made it.</summary>
    public int SessionWaitTimeout { get; set; }

    public System.Transactions.Transaction? Enlisted { get; private set; }

    public ScriptedTransaction? CurrentTransaction { get; set; }

    [AllowNull]
    public override string ConnectionString { get; set; } = string.Empty;

    public override string Database => "scripted";
    public override string DataSource => "scripted";
    public override string ServerVersion => "1";
    public override ConnectionState State => _state;

    public ScriptedDatabase Server => _database;

    public override void ChangeDatabase(string databaseName) { }

    public override void Open()
    {
        if (_database.RefuseOpen)
        {
            throw new ScriptedException("Unable to connect (scripted server is down)");
        }

        Interlocked.Increment(ref _database.Opens);
        SessionId = _database.NextSessionId();
        SessionWaitTimeout = _database.WaitTimeoutSeconds; // fixed when the session starts, as on a server
        _state = ConnectionState.Open;
    }

    public override void Close() => _state = ConnectionState.Closed;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _database.DisposeBlocksUntil?.Wait(TimeSpan.FromSeconds(20)); // a close that hangs on a silent peer
            if (_database.DisposeThrows)
            {
                Interlocked.Increment(ref _database.Disposals);
                throw new ScriptedException("Rollback failed on a dead session (scripted)");
            }

            Interlocked.Increment(ref _database.Disposals);
            _state = ConnectionState.Closed;
        }

        base.Dispose(disposing);
    }

    public override void EnlistTransaction(System.Transactions.Transaction? transaction) => Enlisted = transaction;

    public void Break() => _state = ConnectionState.Broken;

    public void Kill() => _database.DeadSessions.Add(SessionId);

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        CurrentTransaction = new ScriptedTransaction(this, isolationLevel);
        return CurrentTransaction;
    }

    protected override DbCommand CreateDbCommand() => new ScriptedCommand(this);

    internal DataTable Execute(ScriptedCommand command)
    {
        if (_state != ConnectionState.Open)
        {
            throw new InvalidOperationException("Connection must be Open; current state is " + _state);
        }

        if (command.CommandText == "SELECT 1")
        {
            Interlocked.Increment(ref _database.Probes);
        }

        if (command.CommandText == "SELECT @@session.wait_timeout")
        {
            Interlocked.Increment(ref _database.IdleLimitQueries);
        }

        if (_database.DeadSessions.Contains(SessionId))
        {
            _state = ConnectionState.Broken;
            throw new ScriptedException("Connection reset by peer (scripted)");
        }

        var table = new DataTable();
        switch (command.CommandText)
        {
            case "SELECT 1":
                if (_database.ProbeIgnoresCancel)
                {
                    // A provider that never gives up on a silent peer, whatever its timeouts say.
                    Thread.Sleep(TimeSpan.FromSeconds(8));
                    throw new ScriptedException("scripted probe gave up at last");
                }

                if (_database.ProbeHangs)
                {
                    // A silent peer: only the command's cancellation ends the wait (bounded so a broken test cannot hang).
                    _database.ProbeWaiting.Set();
                    if (!command.Cancelled.Wait(TimeSpan.FromSeconds(30)))
                    {
                        throw new TimeoutException("scripted probe was never cancelled");
                    }

                    _state = ConnectionState.Broken;
                    throw new ScriptedException("Query execution was interrupted (scripted)");
                }

                table.Columns.Add("1", typeof(long));
                table.Rows.Add(1L);
                break;
            case "SELECT @@session.wait_timeout":
                if (!_database.KnowsWaitTimeout)
                {
                    throw new ScriptedException("Unknown system variable (scripted)");
                }

                table.Columns.Add("wait_timeout", typeof(ulong));
                table.Rows.Add((ulong)SessionWaitTimeout);
                break;
            case "SELECT @@session.wait_timeout, CONNECTION_ID()":
                Interlocked.Increment(ref _database.SessionQueries);
                if (!_database.KnowsWaitTimeout)
                {
                    throw new ScriptedException("Unknown system variable (scripted)");
                }

                table.Columns.Add("wait_timeout", typeof(ulong));
                table.Columns.Add("id", typeof(ulong));
                table.Rows.Add((ulong)SessionWaitTimeout, (ulong)SessionId);
                break;
            default:
                const string setWaitTimeout = "SET SESSION wait_timeout = ";
                if (command.CommandText.StartsWith(setWaitTimeout, StringComparison.Ordinal))
                {
                    SessionWaitTimeout = int.Parse(command.CommandText[setWaitTimeout.Length..], System.Globalization.CultureInfo.InvariantCulture);
                }

                lock (_database.Executed)
                {
                    _database.Executed.Add($"{SessionId}:{command.CommandText}");
                }

                table.Columns.Add("affected", typeof(int));
                table.Rows.Add(1);
                break;
        }

        return table;
    }
}

public sealed class ScriptedCommand : DbCommand
{
    private ScriptedConnection _connection;

    public ScriptedCommand(ScriptedConnection connection) => _connection = connection;

    public ManualResetEventSlim Cancelled { get; } = new(false);

    [AllowNull]
    public override string CommandText { get; set; } = string.Empty;

    public override int CommandTimeout { get; set; }
    public override CommandType CommandType { get; set; }
    public override bool DesignTimeVisible { get; set; }
    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => _connection = (ScriptedConnection)value!;
    }

    protected override DbParameterCollection DbParameterCollection { get; } = new ScriptedParameters();
    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
        Cancelled.Set();
        if (_connection.Server.CancelThrows)
        {
            // As MySqlConnector's Cancel does once the session's socket is gone (SocketException 107, ENOTCONN).
            throw new System.Net.Sockets.SocketException(107);
        }
    }

    public override int ExecuteNonQuery()
    {
        _connection.Execute(this);
        return 1;
    }

    public override object? ExecuteScalar() => _connection.Execute(this).Rows[0][0];

    public override void Prepare() { }

    protected override DbParameter CreateDbParameter() => throw new NotSupportedException();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => _connection.Execute(this).CreateDataReader();

    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        // As MySqlConnector does: the token's cancellation calls Cancel itself, which may throw (CancelThrows).
        using var registration = cancellationToken.Register(static state => ((DbCommand)state!).Cancel(), this);
        try
        {
            return Task.FromResult(ExecuteDbDataReader(behavior));
        }
        catch (Exception ex)
        {
            return Task.FromException<DbDataReader>(ex);
        }
    }
}

public sealed class ScriptedTransaction : DbTransaction
{
    private ScriptedConnection? _connection;

    public ScriptedTransaction(ScriptedConnection connection, IsolationLevel isolationLevel)
    {
        _connection = connection;
        IsolationLevel = isolationLevel;
    }

    public bool Disposed { get; private set; }

    public override IsolationLevel IsolationLevel { get; }

    protected override DbConnection? DbConnection => _connection;

    public override void Commit() => Finish();

    public override void Rollback() => Finish();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Disposed = true;
            if (_connection is { State: ConnectionState.Open })
            {
                Finish();
            }
            else
            {
                _connection = null;
            }
        }

        base.Dispose(disposing);
    }

    private void Finish()
    {
        if (_connection is not null)
        {
            _connection.CurrentTransaction = null;
        }

        _connection = null;
    }
}

internal sealed class ScriptedParameters : DbParameterCollection
{
    private readonly List<object> _items = new();
    public override int Count => _items.Count;
    public override object SyncRoot => _items;
    public override int Add(object value) { _items.Add(value); return _items.Count - 1; }
    public override void AddRange(Array values) { foreach (var v in values) _items.Add(v); }
    public override void Clear() => _items.Clear();
    public override bool Contains(object value) => _items.Contains(value);
    public override bool Contains(string value) => false;
    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);
    public override IEnumerator GetEnumerator() => _items.GetEnumerator();
    public override int IndexOf(object value) => _items.IndexOf(value);
    public override int IndexOf(string parameterName) => -1;
    public override void Insert(int index, object value) => _items.Insert(index, value);
    public override void Remove(object value) => _items.Remove(value);
    public override void RemoveAt(int index) => _items.RemoveAt(index);
    public override void RemoveAt(string parameterName) { }
    protected override DbParameter GetParameter(int index) => (DbParameter)_items[index];
    protected override DbParameter GetParameter(string parameterName) => throw new IndexOutOfRangeException();
    protected override void SetParameter(int index, DbParameter value) => _items[index] = value;
    protected override void SetParameter(string parameterName, DbParameter value) { }
}
