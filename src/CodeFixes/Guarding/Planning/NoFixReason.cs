namespace StaleConn.CodeFixes.Guarding.Planning;

/// <summary>
/// Why a finding gets no fix of a given kind. Each step of the planners returns one of these instead of a bare
/// <c>false</c>; docs/code-fixes.md lists them, and each has a test.
/// </summary>
internal enum NoFixReason
{
    /// <summary>Not a field, auto-property or primary-constructor parameter declared in source (a computed property included).</summary>
    UnsupportedMemberKind,

    /// <summary>A record's positional parameter is public API (constructor, property, Deconstruct).</summary>
    RecordPositionalParameter,

    /// <summary>The field a captured primary-constructor parameter's guard would go into already exists.</summary>
    GuardFieldNameTaken,

    /// <summary>Another project of the solution uses the member, and its code cannot be planned with the member's (see <see cref="ReferencingProjects"/>).</summary>
    UsedFromAnotherProject,

    /// <summary>
    /// The guard fix would take leases in a referencing project that does not reference StaleConn.Runtime (the
    /// library's fix spans the projects that use its member).
    /// </summary>
    CallerProjectLacksRuntime,

    /// <summary>The member's name is looked up by reflection (<c>GetField("name")</c>).</summary>
    LookedUpByReflection,

    /// <summary>A reference to the member does not bind to one symbol (half-typed code).</summary>
    AmbiguousReference,

    /// <summary>The member is reached with <c>?.</c> on its owner.</summary>
    ReachedThroughNullConditional,

    /// <summary>The member is assigned other than with <c>=</c> or <c>??=</c>, or a primary-constructor parameter is reassigned.</summary>
    UnsupportedAssignment,

    /// <summary>The member is passed by <c>ref</c>, <c>out</c> or <c>in</c>.</summary>
    PassedByReference,

    /// <summary>A <c>Lazy&lt;T&gt;</c> member is used other than through <c>.Value</c>.</summary>
    LazyUsedWithoutValue,

    /// <summary><c>Open</c>/<c>OpenAsync</c> is called inside an expression whose value is used.</summary>
    OpenInsideExpression,

    /// <summary>
    /// A <c>catch</c> handled the removed open's failure, but the lease that now connects would be acquired outside that
    /// <c>try</c> (before it, or after it): a failed connect would escape to callers that never handled one.
    /// </summary>
    LeaseOutsideOpenCatch,

    /// <summary><c>Close</c>/<c>Dispose</c> is called inside an expression whose value is used.</summary>
    CloseInsideExpression,

    /// <summary>The connection is returned (or is an expression body's value), so it outlives the unit of work.</summary>
    ConnectionReturned,

    /// <summary>
    /// Factory: code sets the holder's lazy property (<c>Db.Baglanti = new SqlConnection(...)</c>) whose setter only
    /// stores into the member: a factory keeps no member for that connection, so the caller's connection would be lost.
    /// </summary>
    AccessorSetByCaller,

    /// <summary>
    /// Per use: a unit of work returns a reader, command, adapter or transaction built over the connection (an
    /// <c>executeQuery</c> helper's <c>return cmd.ExecuteReader();</c>): its scope would dispose the connection under it.
    /// </summary>
    ReaderOutlivesConnection,

    /// <summary>
    /// Per use: a unit returns the reader it runs over the connection, and a caller does not dispose that reader on
    /// every path (<c>var r = Db.Query(sql); while (r.Read()) ...; r.Close();</c>): handed to the reader
    /// (<c>CommandBehavior.CloseConnection</c>), the connection would stay checked out of the pool after an exception
    /// while reading.
    /// </summary>
    ReaderNotDisposedByCaller,

    /// <summary>
    /// Factory: code compares what the holder's accessor hands out with null (<c>if (Connection == null)</c> in the
    /// StackOverflow <c>DBConnection.IsConnect()</c>): a factory hands out a new open connection each time, so the check
    /// would open one and the code it guards (building the connection string) would never run.
    /// </summary>
    AccessorCheckedForNull,

    /// <summary>The connection is disposed with <c>using</c>.</summary>
    ConnectionDisposedByUsing,

    /// <summary>The connection is stored in another field or property.</summary>
    ConnectionStoredInMember,

    /// <summary>
    /// The connection is handed to an object that is kept in a field, and some code reads that field without building
    /// the object again first (a repository kept by a unit-of-work class, a command prepared once).
    /// </summary>
    ConnectionHandedToStoredObject,

    /// <summary>
    /// A unit of work sets the member inside a nested block and uses it after the write in that block (<c>if (ok) {
    /// connection = db.Connection; connection.CreateCommand()... }</c>): the lease or per-use connection would be taken
    /// where the unit's scope starts, before the write.
    /// </summary>
    MemberSetInNestedBlock,

    /// <summary>
    /// The connection is handed to an object of the user's or a library's own type (a repository, manager or unit of
    /// work) kept in a member: that object's own field keeps the connection past every unit of work, and its methods are
    /// the units (a repository built once over a unit of work's connection).
    /// </summary>
    StoredObjectKeepsConnection,

    /// <summary>
    /// The connection is handed to objects of the project's own classes that copy it into fields of their own
    /// (<c>TableTeachers = new TableTeachers(connection)</c>, its constructor <c>_connection = connection;</c>), and each
    /// such field has its own finding (SC0001 through the static that keeps the object, SC0002, or SC0007 for a long-lived
    /// owner): those findings' fixes act where the connection is kept and used; the holder's cannot reach them.
    /// </summary>
    ReceivingFieldHasOwnFinding,

    /// <summary>
    /// Guard: the holder would hand its guard to the objects it builds over the connection (their constructor parameter
    /// and field take the guard), but a receiver's constructor is also called elsewhere (another holder, another project,
    /// a derived class), where a plain connection would no longer fit.
    /// </summary>
    ReceiverBuiltElsewhere,

    /// <summary>
    /// Guard: a receiver's constructor does more with the connection than keep it in the reported field (opens it, hands
    /// it on, keeps it twice), which a guard in its place would change.
    /// </summary>
    ReceiverUsesConnectionInConstructor,

    /// <summary>Guard: a receiving field's own guard fix declines (its finding names why), so the holder cannot hand it a guard.</summary>
    ReceivingFieldDeclines,

    /// <summary>Guard: the holder's and a receiver's edits touch the same code (a lease of each in one block), which one fix cannot combine.</summary>
    ReceiverEditsOverlap,

    /// <summary>
    /// Guard: a receiver's own guard fix would hand the connection on to a member already being planned (the holder, or a
    /// receiver on the way to it): a circle of hand-offs, which one fix cannot plan to an end.
    /// </summary>
    ReceiverHandsConnectionBack,

    /// <summary>
    /// The connection is handed to ADO.NET commands built once, at construction (a constructor, a static constructor or a
    /// field initializer), and kept in members that the methods run with new parameters: prepared once for the process.
    /// </summary>
    CommandBuiltOnce,

    /// <summary>
    /// A command built once at construction over the connection is prepared (<c>Prepare()</c>): bound to another
    /// connection in a unit of work it would run unprepared, or fail on a statement the server no longer knows.
    /// </summary>
    KeptCommandPrepared,

    /// <summary>
    /// A command built once at construction over the connection leaves the methods that name it: handed to a call,
    /// returned, stored elsewhere, built again, or read through another object. Binding it before each function's
    /// first use cannot follow where it is run.
    /// </summary>
    KeptCommandHandedOut,

    /// <summary>
    /// The connection is handed to an ADO.NET command or adapter that one function builds into a member and another
    /// function, which never sets it, runs (a static helper's callers: <c>DB.Query(sql); DB.adp.Fill(table);</c>; a
    /// cleanup that runs it): the unit of work spans both functions, which no unit's scope follows.
    /// </summary>
    CommandRunElsewhere,

    /// <summary>
    /// Per-use fixes: a unit of work calls the holder's opener, which builds a new connection on every call, a second
    /// time before it closed the first: the statements after it ran on a new connection while the first stayed open with
    /// what it held (a reader, a transaction). One connection per unit would run them beside it.
    /// </summary>
    OpenedAgainWhileOpen,

    /// <summary>
    /// Guard and data source: the holder's opener builds a new connection on every call (<c>con = new
    /// SqlConnection(cs); con.Open();</c>). A guard or data source built there would be built again on each call and the
    /// previous one, with its open connection, never disposed; the factory fix stands in for the opener instead.
    /// </summary>
    BuiltOnEveryOpen,

    /// <summary>The member's type is not an ADO.NET <c>DbConnection</c> (or a type parameter constrained to one).</summary>
    NotADbConnection,

    /// <summary>
    /// The member is a collection of connections (<c>Dictionary&lt;int, MySqlConnection&gt;</c>): each value is a session
    /// its key names — a handle a script opens, queries and closes, a lock held while its connection lives, a server
    /// thread another caller kills — so a connection per use would change what the key means.
    /// </summary>
    ConnectionsKeptInCollection,

    /// <summary>
    /// A <c>[ThreadStatic]</c> field: each thread keeps its own connection, set and cleared by a scope (SubSonic's
    /// <c>SharedDbConnectionScope</c>). One guard, data source or factory would serve every thread instead, and a guard's
    /// construction in the initializer would run on the first thread only.
    /// </summary>
    ThreadStaticConnection,

    /// <summary>An interface-typed member with no visible concrete construction: a guard would need a cast that can fail.</summary>
    InterfaceWithoutConstruction,

    /// <summary>
    /// The injected connection is registered as a singleton or scoped and another type takes it too: a guard taking it
    /// over would share one connection with code outside the guard.
    /// </summary>
    InjectedConnectionShared,

    /// <summary>The member is built in several places with different connection types.</summary>
    ConstructionsDisagree,

    /// <summary>
    /// An <c>IDbConnection</c> member built with <c>new</c> but never opened, closed or used in a transaction in the
    /// solution: every use hands it to a library (TShock's <c>DbExt</c>, which opens a copy per call), so no session
    /// stays open for a fix to replace, and an opened per-use connection would change what the library gets.
    /// </summary>
    NeverOpenedInSolution,

    /// <summary>A caller passes the copied constructor parameter something other than a static owner member (a new connection, a local, a default).</summary>
    CallerPassesNoOwnerMember,

    /// <summary>The callers pass the copied constructor parameter different connections.</summary>
    CallersPassDifferentConnections,

    /// <summary>The copied parameter is also written, passed by <c>ref</c>, named in <c>nameof</c> or handed to another constructor.</summary>
    ParameterUsedOtherwise,

    /// <summary>The constructor that fills the copy is called where the solution cannot show what it passes (no caller in view, a container's type argument, <c>typeof</c>).</summary>
    ConstructedOutsideView,

    /// <summary>The provider has no <c>DbDataSource</c>, or the target framework has none.</summary>
    NoDataSourceForProvider,

    /// <summary>A <c>Lazy&lt;T&gt;</c> member or a primary-constructor parameter cannot become a data source or a factory.</summary>
    PerUseUnsupportedMember,

    /// <summary>The member shares its declaration with other fields (<c>SqlConnection a, b;</c>), which a factory method cannot replace, or has more than one.</summary>
    SeveralDeclarations,


    /// <summary>The construction awaits: a guard's factory cannot.</summary>
    ConstructionAwaits,

    /// <summary>
    /// The member is built without its connection string, which is set on it apart from the construction (in another
    /// method, after other statements, or from a value that changes): each connection the guard builds would lack it.
    /// </summary>
    ConnectionStringSetApart,

    /// <summary>A value assigned to the member is not a connection of the guarded type.</summary>
    ConstructionNotAConnection,

    /// <summary>A value assigned to the member does not compile (a type or method that does not bind): what it builds is unknown.</summary>
    ConstructionDoesNotCompile,

    /// <summary>
    /// The solution never opens the member; each unit hands its kept command to a method that runs it in a <c>try</c> with
    /// catch clauses (a data adapter's <c>Fill</c> opens it there): a connection opened at the unit's start would throw a
    /// failed open past the catch that reported it.
    /// </summary>
    OpenFailureCaughtByCallee,

    /// <summary>
    /// The unit's first server call (<c>adp.Fill(dt)</c>, <c>cmd.ExecuteNonQuery()</c>) runs inside a <c>try</c> whose catch
    /// handles a failure, but the lease (or per-use open) cannot be moved into it: the statements before the <c>try</c>
    /// that build over the connection do more than build (a call, a local read after the <c>try</c>), or the catching
    /// <c>try</c> sits deeper in the range. Taken before the <c>try</c>, a failed connect would escape the catch.
    /// </summary>
    LeaseOutsideCaughtCall,

    /// <summary>The member is only ever built empty (<c>new SqlConnection()</c>) and no string is set on it in view: every open throws, so there is no string a fix could keep.</summary>
    NeverGivenConnectionString,

    /// <summary>Neither a factory nor the runtime's take-over constructor can rebuild the handed-in connection.</summary>
    CannotRebuildConnection,

    /// <summary>A data source is built from a connection string; the member is not built from one in view.</summary>
    NoConnectionStringInView,

    /// <summary>A use sits where no unit of work can take a lease: a field initializer, a default value, a base-constructor argument.</summary>
    UseOutsideUnitOfWork,

    /// <summary>A use shares a statement with a wait (a waiting loop's header, a brace-less statement beside a wait): one lease would span the wait.</summary>
    UseInWaitingStatement,

    /// <summary>A lambda using the connection is stored rather than called, and its statement is split by a wait.</summary>
    StoredLambdaAcrossWait,

    /// <summary>A command, reader, transaction, pending task or object built around the connection is used after a wait.</summary>
    ConnectionStateHeldAcrossWait,

    /// <summary>A unit of work calls another unit (directly or through other methods) while holding the exclusive lease.</summary>
    CallsAnotherUnitWhileLeased,

    /// <summary>The guard would be disposed or closed while its own lease is held (directly, or by a holder method the unit calls).</summary>
    DisposedWhileLeased,

    /// <summary>
    /// A unit of work would take its lease before it calls the holder's method that builds the member
    /// (<c>IsConnected()</c> building <c>Connection</c> when null): the guard is not built yet on the first call.
    /// </summary>
    LeaseTakenBeforeBuild,


    /// <summary>
    /// A handler is added to one of the connection's own events (<c>StateChange</c>, <c>InfoMessage</c>): a guard's
    /// replacement or a connection per use would never raise it to that handler.
    /// </summary>
    ConnectionEventsSubscribed,

    /// <summary>
    /// A <c>StateChange</c> handler reconnects the member, which the guard (or a connection per use) makes redundant, but
    /// also does something else (a status label, a message box, a counter): that work would stop with the handler.
    /// </summary>
    ReconnectHandlerDoesMore,

    /// <summary>The guard fix does not rewrite a holder's accessors, openers and closers; the per-use fix does.</summary>
    ReachedThroughHelper,

    /// <summary>A holder helper (an opener, a closer, an accessor) is used as a value other than the connection it hands out.</summary>
    HelperUsedAsValue,

    /// <summary>An opener the per-use fix would remove is reached through a contract (an interface member, an override) that must stay.</summary>
    HelperIsContract,

    /// <summary>
    /// Callers open what the holder's accessor hands out while the member itself is opened for its direct users: a
    /// factory that opens would make the callers' Open throw, one that does not would leave the direct users closed.
    /// </summary>
    OpenedBothWays,

    /// <summary>The constructions of the member do not agree on one connection string the factory could use.</summary>
    ConstructionsDisagreeOnConnectionString,

    /// <summary>A unit of work that begins a transaction calls another unit: with a connection per unit the callee would run outside the transaction.</summary>
    CallsAnotherUnitInTransaction,

    /// <summary>An async method would keep no <c>await</c> once its Open is gone (CS1998), and a factory opens synchronously.</summary>
    AsyncMethodLosesItsOnlyAwait,

    /// <summary>
    /// One helper reports a failed open and hands the connection out unopened, while another path (a second opener, a
    /// caller's own <c>Open</c>) lets the failure go up: one factory cannot do both.
    /// </summary>
    OpenFailureHandledDifferently,

    /// <summary>
    /// The holder's opener retries until the connection opens (<c>while (c.State != Open) { try { c.Open(); } catch { ...;
    /// Thread.Sleep(n); } }</c>): a lease or a data source opens once and throws while the server is down. The factory
    /// carries the loop.
    /// </summary>
    OpenRetriedUntilOpen,

    /// <summary>
    /// A unit of work calls another while the units keep state on the session (<c>LAST_INSERT_ID()</c>, temporary tables,
    /// user variables): with a connection per unit the callee would not see it.
    /// </summary>
    CallsAnotherUnitSharingSessionState,

    /// <summary>
    /// One unit of work leaves state on the session for the others (<c>USE gamedatabase</c>, <c>ChangeDatabase</c>,
    /// <c>SET @v</c>, <c>SET NAMES</c>, a temporary table): with a connection per unit the others would run on sessions
    /// without it.
    /// </summary>
    UnitsShareSessionState,

    /// <summary>
    /// A unit of work reads the connection's <c>State</c> other than to open it when closed (<c>return conn.State ==
    /// ConnectionState.Open;</c> as a "logged in" check): a lease's or a per-use connection is always open when read.
    /// </summary>
    ConnectionStateObserved,

    /// <summary>Guard: a unit of work closes a local copy of the connection and opens it again; a lease keeps one session open throughout.</summary>
    ReopenedAfterClose,

    /// <summary>The member is used where the per-use fix cannot replace it (a null check, or code that keeps it beyond a unit of work).</summary>
    MemberStillNeeded,

    /// <summary>SC0004: the local is not one connection built in its own declaration (several declarators, an awaited construction).</summary>
    PerUseUnsupportedDeclaration,

    /// <summary>
    /// SC0004: the local is used outside the loop body or callbacks that would each open their own connection (session
    /// state or a transaction set up before, a second loop, the loop's condition): that use would lose its connection.
    /// </summary>
    UsedOutsidePerUseScope,

    /// <summary>SC0004: a callback that does not await returns a task (or async stream) that still uses the connection after its scope would dispose it.</summary>
    PerUseReturnsPendingWork,

    /// <summary>SC0004: the connection is closed or disposed in a callback of its own (a shutdown hook) while others use it.</summary>
    ClosedOutsidePerUseScope,

    /// <summary>
    /// SC0004: several callbacks (minimal-API endpoints) share the connection and leave or read state on its session
    /// (user variables, temporary tables, the last insert id): with a connection per call one would not see the other's.
    /// </summary>
    CallbacksShareSessionState,

    /// <summary>SC0003/SC0005: the service is resolved from the root provider (<c>GetRequiredService</c> outside a scoped factory), which keeps a scoped or transient instance for ever.</summary>
    ResolvedFromRootProvider,

    /// <summary>SC0003/SC0005: a type the container does not build (not registered, not a controller, hub or page) takes the service.</summary>
    ConsumedByUnregisteredType,

    /// <summary>SC0003/SC0005: a singleton that takes the service keeps state of its own (a mutable or initialised field): it cannot become scoped with it.</summary>
    SingletonConsumerKeepsState,

    /// <summary>SC0003/SC0005: a hosted service and request-scoped code share the service: scoped would capture one connection in the hosted service, transient would split the requests' unit of work.</summary>
    ConsumedByHostedService,

    /// <summary>SC0005: the service builds its own connection: scoped, it would open one per request; the per-use fix applies instead.</summary>
    ServiceBuildsItsOwnConnection,

    /// <summary>SC0005: the connection the service takes is not registered in the project, so its lifetime cannot be seen or changed.</summary>
    InjectedConnectionNotRegistered,

    /// <summary>The registrations that would change are in several files.</summary>
    RegistrationsInSeveralFiles,

    /// <summary>A registration method without a scoped or transient form (<c>ServiceDescriptor.Singleton</c>, Autofac).</summary>
    UnsupportedRegistration,

    /// <summary>A registered instance that is not built in place (a parameter, a shared object): it has no factory form.</summary>
    InstanceNotBuiltInPlace,

    /// <summary>The rewritten code would add a compiler error or warning.</summary>
    AddsCompilerDiagnostics,

    /// <summary>
    /// Factory: the holder's accessor is <c>async</c> and a use would not await it — a caller takes its task without
    /// <c>await</c> (hands it on, reads <c>.Result</c>), or code uses the member directly, where a call of the async
    /// factory would have to be awaited.
    /// </summary>
    AsyncAccessorNotAwaited,

    /// <summary>The member could not be found or analysed: it changed since the finding (renamed, removed), or the planner failed on half-typed code.</summary>
    AnalysisFailed,

    /// <summary>
    /// A unit of work reads the connection's <c>State</c> after it closed it (<c>Disconnect(); Assert.True(Db.Connection.State ==
    /// ConnectionState.Closed);</c>): the fixes drop the close, and a lease's or a per-use connection is still open there.
    /// </summary>
    StateReadAfterClose,

    /// <summary>
    /// A transaction begun on the connection is kept in a field or property and used by another method
    /// (<c>transaction = await connection.BeginTransactionAsync();</c> in one call, <c>transaction.CommitAsync()</c> and
    /// commands enlisted in it in later ones): it spans units of work, and a lease or a connection per call would end it
    /// between them.
    /// </summary>
    TransactionKeptInMember,

    /// <summary>
    /// A unit of work starts a query and drops its task (<c>command.ExecuteNonQueryAsync();</c> without <c>await</c>):
    /// the query still runs when the unit ends, so a lease would end, or a connection per use be disposed, under it.
    /// </summary>
    QueryTaskNotAwaited,

    /// <summary>
    /// A call of the holder's opener sits in a <c>try</c> whose catches handle a failed connect (or retries in such a
    /// catch), in a function with no other work on the connection, and the factory fix has no short open to keep in its
    /// place (an async opener or function, an opener that does not leave it open): dropping the call would make the
    /// catch dead.
    /// </summary>
    HandledOpenerCall,
}
