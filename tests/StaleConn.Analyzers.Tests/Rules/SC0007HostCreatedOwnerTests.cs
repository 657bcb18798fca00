using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// SC0007 on owners a platform creates and keeps though no code of the program does: a Unity component that hands its
/// own game object to <c>DontDestroyOnLoad</c> (itself or through a base class), and a UI application's <c>App</c> class
/// (Xamarin.Forms, .NET MAUI). Silent for a component that lives as long as its scene, one that keeps another object
/// across scenes, a page, and a class of the program's own named Application.
/// </summary>
public class SC0007HostCreatedOwnerTests
{
    /// <summary>The shape of UnityEngine's component classes (no Unity reference in the snippets).</summary>
    private const string Unity = """

        namespace UnityEngine
        {
            public class Object
            {
                public static void DontDestroyOnLoad(Object target) { }
                public static void Destroy(Object target) { }
            }

            public class GameObject : Object { }

            public class Component : Object
            {
                public GameObject gameObject => null;
                public Transform transform => null;
            }

            public class Transform : Component
            {
                public Transform root => this;
            }

            public class Behaviour : Component { }

            public class MonoBehaviour : Behaviour { }
        }
        """;

    /// <summary>The shape of Xamarin.Forms' and MAUI's application and page classes.</summary>
    private const string Forms = """

        namespace Xamarin.Forms
        {
            public class Page { }

            public class ContentPage : Page { }

            public class Application
            {
                public Page MainPage { get; set; }
                protected virtual void OnStart() { }
                protected virtual void OnSleep() { }
            }
        }

        namespace Microsoft.Maui.Controls
        {
            public class Application
            {
                protected virtual void OnStart() { }
            }
        }
        """;

    /// <summary>
    /// The owner as in dongyoonq/Crazy-Arcade-2D (commit 6f98a907), Assets/Managers/GameManager.cs (<c>DontDestroyOnLoad(this)</c>
    /// in <c>Awake</c>) and NicoWithSevenIs/GDINFMG-MP, Assets/Scripts/Managers/Database/DatabaseManager.cs
    /// (<c>DontDestroyOnLoad(this.gameObject)</c>, then helpers kept in fields); the holders as in the code-search hit
    /// <c>MySQLManager</c> (a hospital quiz game, repository not named by the index): services built over the connection
    /// the manager opens in <c>Start</c>, each keeping it. Those owners also keep a static instance, which SC0007 already
    /// read as a singleton; here they keep none, so only the DontDestroyOnLoad call makes them outlive a scene.
    /// </summary>
    [Fact]
    public Task Holder_kept_by_a_component_that_survives_scene_loads_is_reported() => Verify.VerifyAsync(
        """
        using MySqlConnector;
        using UnityEngine;

        public class PersonajeService
        {
            private readonly MySqlConnection {|#0:_conn|};

            public PersonajeService(MySqlConnection conn)
            {
                _conn = conn;
            }

            public bool Crear(string descripcion)
            {
                var cmd = new MySqlCommand("INSERT INTO personaje (descripcion) VALUES (@descripcion)", _conn);
                cmd.Parameters.AddWithValue("@descripcion", descripcion);
                return cmd.ExecuteNonQuery() > 0;
            }
        }

        public class Database
        {
            public MySqlConnection {|#2:Connection|} { get; private set; }

            public Database()
            {
                Connection = new MySqlConnection("Server=192.168.0.182;Database=crazyarcade");
                Connection.Open();
            }
        }

        public class {|#1:MySQLManager|} : MonoBehaviour
        {
            private MySqlConnection connection;

            public PersonajeService personajeService { get; private set; }

            void Awake()
            {
                DontDestroyOnLoad(gameObject);
            }

            void Start()
            {
                connection = new MySqlConnection("Server=localhost;Database=hospitalbbdd2");
                connection.Open();
                personajeService = new PersonajeService(connection);
            }
        }

        public class {|#3:GameManager|} : MonoBehaviour
        {
            private Database data;

            private void Awake()
            {
                DontDestroyOnLoad(this);
                data = new Database();
            }
        }
        """ + Unity,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "_conn", "PersonajeService",
            "'MySQLManager' ('MySQLManager' keeps the 'PersonajeService' in property 'personajeService'); 'MySQLManager' is a Unity component kept across scene loads (DontDestroyOnLoad in 'Awake': Unity keeps it until the game quits)"),
        Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments(
            "Property", "Connection", "Database",
            "'GameManager' ('GameManager' keeps the 'Database' in field 'data'); 'GameManager' is a Unity component kept across scene loads (DontDestroyOnLoad in 'Awake': Unity keeps it until the game quits)"));

    /// <summary>
    /// The persistent-singleton base many Unity projects share (its <c>Awake</c> hands the game object to
    /// DontDestroyOnLoad, as in NicoWithSevenIs/GDINFMG-MP's managers): every component deriving from it is kept.
    /// </summary>
    [Fact]
    public Task Holder_kept_by_a_component_whose_base_survives_scene_loads_is_reported() => Verify.VerifyAsync(
        """
        using MySqlConnector;
        using UnityEngine;

        public abstract class PersistentSingleton<T> : MonoBehaviour where T : Component
        {
            protected virtual void Awake()
            {
                DontDestroyOnLoad(transform.root.gameObject);
            }
        }

        public class ScoreStore
        {
            private MySqlConnection {|#0:_connection|};

            public ScoreStore(string connectionString)
            {
                _connection = new MySqlConnection(connectionString);
                _connection.Open();
            }

            public void Save(int score) => new MySqlCommand($"INSERT INTO scores VALUES ({score})", _connection).ExecuteNonQuery();
        }

        public class {|#1:ScoreManager|} : PersistentSingleton<ScoreManager>
        {
            private readonly ScoreStore _store = new ScoreStore("Server=scores");

            public void Record(int score) => _store.Save(score);
        }
        """ + Unity,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "_connection", "ScoreStore",
            "'ScoreManager' ('ScoreManager' keeps the 'ScoreStore' in field '_store'); 'ScoreManager' is a Unity component kept across scene loads (DontDestroyOnLoad in 'Awake': Unity keeps it until the game quits)"));

    /// <summary>
    /// Look-alikes: a component without the call lives as long as its scene (catv98/juego-preguntas' panels open in
    /// <c>Start</c>); one that keeps another object across scenes (<c>DontDestroyOnLoad(player)</c>) does not keep itself;
    /// and a holder a scene component also creates per use is not kept by anyone for good.
    /// </summary>
    [Fact]
    public Task Holders_of_scene_components_and_of_per_use_sites_are_silent() => Verify.VerifyAsync(
        """
        using MySqlConnector;
        using UnityEngine;

        public class QuizStore
        {
            private MySqlConnection _connection;

            public QuizStore()
            {
                _connection = new MySqlConnection("Server=quiz");
                _connection.Open();
            }

            public void Answer(int id) => new MySqlCommand($"UPDATE q SET answered = 1 WHERE id = {id}", _connection).ExecuteNonQuery();
        }

        public class LoginStore
        {
            private MySqlConnection _connection;

            public LoginStore()
            {
                _connection = new MySqlConnection("Server=login");
                _connection.Open();
            }

            public void Login(string user) => new MySqlCommand($"UPDATE users SET seen = NOW() WHERE name = '{user}'", _connection).ExecuteNonQuery();
        }

        public class QuizPanel : MonoBehaviour
        {
            private QuizStore _store;

            void Start() => _store = new QuizStore();
        }

        public class SpawnStore
        {
            private MySqlConnection _connection;

            public SpawnStore()
            {
                _connection = new MySqlConnection("Server=spawns");
                _connection.Open();
            }

            public void Spawned(int id) => new MySqlCommand($"INSERT INTO spawns VALUES ({id})", _connection).ExecuteNonQuery();
        }

        public class PlayerSpawner : MonoBehaviour
        {
            public GameObject player;
            private SpawnStore _spawns = new SpawnStore();

            void Awake() => DontDestroyOnLoad(player);
        }

        public class LoginManager : MonoBehaviour
        {
            private LoginStore _store = new LoginStore();

            void Awake() => DontDestroyOnLoad(gameObject);
        }

        public class LoginPanel : MonoBehaviour
        {
            public void OnLogin(string user) => new LoginStore().Login(user);
        }
        """ + Unity);

    /// <summary>
    /// Real: V0oid/Test, Test/Test/App.xaml.cs (the Xamarin.Forms <c>App</c> creates its <c>Database</c> on first use and
    /// keeps it in a field for every page; sqlite-net there, a MySQL holder here) and teddi201252/pagnistokens,
    /// PagnisTokens/App.xaml.cs (the <c>App</c> opens a MySqlConnection in its constructor and keeps it for every page);
    /// the MAUI <c>App</c> keeps a service the same way.
    /// </summary>
    [Fact]
    public Task Holder_kept_by_the_application_class_is_reported() => Verify.VerifyAsync(
        """
        using System;
        using MySqlConnector;
        using Xamarin.Forms;

        namespace Test
        {
            public class Database
            {
                private readonly MySqlConnection {|#0:_connection|};

                public Database(string connectionString)
                {
                    _connection = new MySqlConnection(connectionString);
                    _connection.Open();
                }

                public int Count() => Convert.ToInt32(new MySqlCommand("SELECT COUNT(*) FROM tokens", _connection).ExecuteScalar());
            }

            public partial class {|#1:App|} : Application
            {
                private Database _database;

                public Database Database
                {
                    get
                    {
                        if (_database == null)
                        {
                            _database = new Database("Server=remotemysql.com;Database=tokens");
                        }

                        return _database;
                    }
                }

                public App()
                {
                    MainPage = new ContentPage();
                }
            }
        }

        namespace Shop
        {
            public class OrderService
            {
                private readonly MySqlConnection {|#2:_db|} = new MySqlConnection("Server=shop");

                public void Place(int id)
                {
                    if (_db.State != System.Data.ConnectionState.Open) _db.Open();
                    new MySqlCommand($"INSERT INTO orders VALUES ({id})", _db).ExecuteNonQuery();
                }
            }

            public partial class {|#3:App|} : Microsoft.Maui.Controls.Application
            {
                private readonly OrderService _orders = new OrderService();
            }
        }
        """ + Forms,
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(
            "Field", "_connection", "Database",
            "'App' ('App' keeps the 'Database' in field '_database'); 'App' is the application's own Application class (the platform creates it at start-up and keeps it until the app exits)"),
        Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments(
            "Field", "_db", "OrderService",
            "'App' ('App' keeps the 'OrderService' in field '_orders'); 'App' is the application's own Application class (the platform creates it at start-up and keeps it until the app exits)"));

    /// <summary>Look-alikes: a page lives as long as its navigation entry, and a class of the program's own named Application is just a class.</summary>
    [Fact]
    public Task Holders_kept_by_a_page_or_by_a_class_of_the_programs_own_Application_are_silent() => Verify.VerifyAsync(
        """
        using MySqlConnector;
        using Xamarin.Forms;

        namespace Loans
        {
            public class Application { public string Applicant { get; set; } }

            public class LoanStore
            {
                private readonly MySqlConnection _connection;

                public LoanStore()
                {
                    _connection = new MySqlConnection("Server=loans");
                    _connection.Open();
                }

                public void Save(string name) => new MySqlCommand($"INSERT INTO loans VALUES ('{name}')", _connection).ExecuteNonQuery();
            }

            public class LoanApplication : Application
            {
                private readonly LoanStore _store = new LoanStore();
            }

            public class TokensStore
            {
                private readonly MySqlConnection _connection;

                public TokensStore()
                {
                    _connection = new MySqlConnection("Server=tokens");
                    _connection.Open();
                }

                public void Spend(int amount) => new MySqlCommand($"UPDATE wallet SET balance = balance - {amount}", _connection).ExecuteNonQuery();
            }

            public class WalletPage : ContentPage
            {
                private readonly TokensStore _tokens = new TokensStore();
            }
        }
        """ + Forms);
}
