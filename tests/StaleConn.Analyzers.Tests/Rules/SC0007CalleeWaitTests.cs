using Verify = StaleConn.Analyzers.Tests.Infrastructure.AnalyzerVerifier<StaleConn.Analyzers.Rules.HeldByLongLivedOwnerAnalyzer>;

namespace StaleConn.Analyzers.Tests.Rules;

/// <summary>
/// SC0007 on a class kept by an endless loop whose wait is one call down: the loop calls a method of the program that
/// waits on every call (a console menu's prompt). A method that waits only on some calls, a wait two calls down and a
/// loop that calls nothing that waits keep nothing.
/// </summary>
public class SC0007CalleeWaitTests
{
    private const string Data = """
        using System;
        using MySqlConnector;

        public class ReservationData
        {
            private readonly MySqlConnection {|#0:connection|} = new MySqlConnection("Server=hotel");

            public void Save(string line)
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    connection.Open();
                }

                using var command = new MySqlCommand("INSERT INTO reservation VALUES (@line)", connection);
                command.Parameters.AddWithValue("@line", line);
                command.ExecuteNonQuery();
            }
        }

        """;

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Reported(string chain) =>
        Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("Field", "connection", "ReservationData", chain);

    // https://github.com/85johsve/HOTEL2/blob/c8162bc75c31de9cd058198b5001b3692d7bfc18/UI/Program.cs
    // https://github.com/85johsve/HOTEL2/blob/c8162bc75c31de9cd058198b5001b3692d7bfc18/UI/UserInput.cs
    [Fact]
    public Task Data_class_kept_by_a_menu_loop_whose_prompts_are_in_the_called_methods_is_reported() => Verify.VerifyAsync(
        Data + """
        public class UserInput
        {
            public ReservationData reservationData = new();

            public void AddCustomerInput()
            {
                Console.WriteLine("********* Register New Customer *********");
                reservationData.Save(Console.Title);
                Console.ReadLine();
            }

            public bool QuitMessage()
            {
                Console.WriteLine("You have chosen to quit the program");
                return true;
            }
        }

        internal class Program
        {
            private static void Main(string[] args)
            {
                UserInput userInput = new();
                int choice = args.Length;
                {|#1:while|} (true)
                {
                    Console.Clear();
                    switch (choice)
                    {
                        case 1:
                            userInput.AddCustomerInput();
                            break;
                        case 2:
                            userInput.QuitMessage();
                            Environment.Exit(0);
                            break;
                    }
                }
            }
        }
        """,
        Reported("the loop in 'Main' ('UserInput' is created before the loop and used on every turn, then 'UserInput' keeps the 'ReservationData' in field 'reservationData'); the loop waits (Console.ReadLine in 'AddCustomerInput')"));

    // https://github.com/SadNguyen2107/dotnet-menu-app/blob/cd6eeaf0b7de032dc75c714330d1b6dd79bb9b58/Program.cs
    // https://github.com/SadNguyen2107/dotnet-menu-app/blob/5217392f2cb958a586b9146ca8b53806f61926d2/Menu.cs (GetInput; the data class is this test's)
    [Fact]
    public Task Local_used_by_a_do_loop_whose_static_prompt_reads_a_line_is_reported() => Verify.VerifyAsync(
        Data + """
        public static class Menu
        {
            public static void PrintMenu() => Console.WriteLine("1. Save  0. Exit");

            public static int GetInput()
            {
                int choice = 0;
            askChoiceInput:
                Console.Write("Enter your choice: ");
                bool isNum = int.TryParse(Console.ReadLine(), out choice);
                if (!isNum)
                {
                    Console.WriteLine("Invalid Input!");
                    goto askChoiceInput;
                }

                return choice;
            }
        }

        public class Program
        {
            public static void Main(string[] args)
            {
                var data = new ReservationData();
                int choice;
                {|#1:do|}
                {
                    Menu.PrintMenu();
                    choice = Menu.GetInput();
                    data.Save(choice.ToString());
                } while (choice != 0);
            }
        }
        """,
        Reported("the loop in 'Main' ('ReservationData' is created before the loop and used on every turn); the loop waits (Console.ReadLine in 'GetInput')"));

    // https://github.com/btmnnmtb/Chernovik-ept/blob/fac11e891f34bc4822fb0174396d894484777c0d/Class1.cs (Menu.Show reads a key first)
    // https://github.com/btmnnmtb/Chernovik-ept/blob/fac11e891f34bc4822fb0174396d894484777c0d/Program.cs (the loop; the data class is this test's)
    [Fact]
    public Task Local_used_by_a_loop_calling_an_arrow_menu_that_reads_a_key_first_is_reported() => Verify.VerifyAsync(
        Data + """
        class Menu
        {
            public int Show()
            {
                int pos = 3;
                ConsoleKeyInfo key;
                key = Console.ReadKey();
                while (key.Key != ConsoleKey.Enter)
                {
                    if (key.Key == ConsoleKey.Escape)
                    {
                        return -1;
                    }

                    pos++;
                    key = Console.ReadKey();
                }

                return pos;
            }
        }

        class Program
        {
            static void Main()
            {
                var menu = new Menu();
                var data = new ReservationData();
                {|#1:while|} (true)
                {
                    int pos = menu.Show();
                    data.Save(pos.ToString());
                }
            }
        }
        """,
        Reported("the loop in 'Main' ('ReservationData' is created before the loop and used on every turn); the loop waits (Console.ReadKey in 'Show')"));

    // https://github.com/MahonriReynolds/cse210-hw/blob/604bb9aee33ba456a5530f9d3d97adea3b97b85b/final/FinalProject/GameMaterials/UIMaterials/Menu.cs
    // (GetChoice's do loop reads a key on its first turn; the loop calling it and the data class are this test's)
    [Fact]
    public Task Owner_whose_loop_calls_a_choice_method_reading_keys_in_a_do_loop_is_reported() => Verify.VerifyAsync(
        Data + """
        public class {|#1:Shell|}
        {
            private readonly string[] _options = { "Save", "Quit" };
            private readonly ReservationData connectionOwner = new ReservationData();

            private int GetChoice()
            {
                int selection = 0;
                ConsoleKey key;
                do
                {
                    Console.Write(_options[selection]);
                    key = Console.ReadKey(true).Key;
                    switch (key)
                    {
                        case ConsoleKey.UpArrow:
                            selection = 0;
                            break;
                        case ConsoleKey.DownArrow:
                            selection = 1;
                            break;
                    }
                } while (key != ConsoleKey.Enter);

                return selection;
            }

            public void Run()
            {
                while (true)
                {
                    int choice = GetChoice();
                    connectionOwner.Save(_options[choice]);
                }
            }
        }
        """,
        Reported("'Shell' ('Shell' keeps the 'ReservationData' in field 'connectionOwner'); 'Shell' runs an endless loop that waits (Console.ReadKey in 'GetChoice') in 'Run'"));

    // https://github.com/sa6o1/belot.bg-koleden_proekt/blob/4bc5886733bf879eeff4cbdc36f19a1e16e8abba/BelotConsoleApp/UI/ConsoleMenu.cs
    // (Show's only catalogued wait is a ReadKey inside one branch; its prompts are Spectre.Console's, not catalogued)
    [Fact]
    public Task Loop_calling_a_method_that_waits_only_in_a_branch_keeps_nothing() => Verify.VerifyAsync(
        Data.Replace("{|#0:connection|}", "connection") + """
        public class ConsoleMenu
        {
            private readonly ReservationData service = new();

            public void Show(string choice)
            {
                Console.Clear();
                if (choice == "list")
                {
                    service.Save(choice);
                    Console.ReadKey();
                }

                if (choice == "exit") Environment.Exit(0);
            }
        }

        public class Engine
        {
            private readonly ConsoleMenu menu = new();

            public void Run(string choice)
            {
                while (true) menu.Show(choice);
            }
        }
        """);

    [Fact]
    public Task Loop_calling_a_method_that_may_return_before_its_wait_keeps_nothing() => Verify.VerifyAsync(
        Data.Replace("{|#0:connection|}", "connection") + """
        public class Importer
        {
            public bool Next(int[] batch, int index)
            {
                if (index >= batch.Length)
                {
                    return false;
                }

                Console.ReadLine();
                return true;
            }

            public void Run(int[] batch)
            {
                var data = new ReservationData();
                int index = 0;
                while (true)
                {
                    Next(batch, index++);
                    data.Save(index.ToString());
                }
            }
        }
        """);

    [Fact]
    public Task Loop_whose_wait_is_two_calls_down_keeps_nothing() => Verify.VerifyAsync(
        Data.Replace("{|#0:connection|}", "connection") + """
        public class Prompt
        {
            public string Ask() => Console.ReadLine();

            public string AskTwice() => Ask() + Ask();
        }

        public class Program
        {
            public static void Main()
            {
                var prompt = new Prompt();
                var data = new ReservationData();
                while (true)
                {
                    data.Save(prompt.AskTwice());
                }
            }
        }
        """);
}
