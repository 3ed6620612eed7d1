using System.Globalization;
using AsterFarm.Integration.Tests.Processes;
using Npgsql;

namespace AsterFarm.Integration.Tests.Persistence;

/// <summary>
/// A throwaway PostgreSQL server (Debian <c>postgresql</c>): a fresh cluster in a temp directory, listening on
/// 127.0.0.1 and a free port, its unix socket inside the same directory, with one empty database. Disposing
/// stops the server and deletes the directory. Missing binaries fail the test with the install hint.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    public const string InstallHint =
        "PostgreSQL is required for this test: run scripts/install-prerequisites.sh (apt-get install postgresql)";

    public const string Database = "asterfarm";

    private const string Superuser = "postgres";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _root;
    private readonly ManagedProcess _server;

    private PostgresServer(TempDirectory root, ManagedProcess server, int port)
    {
        _root = root;
        _server = server;
        Port = port;
    }

    public int Port { get; }

    /// <summary>An Npgsql connection string for <see cref="Database"/> on loopback TCP.</summary>
    public string ConnectionString => ConnectionStringFor(Database);

    /// <summary>The server's output so far, for failure messages.</summary>
    public string Output => _server.Output;

    public static Task<PostgresServer> StartAsync() => StartAsync(null, null);

    /// <summary>
    /// Also listens on <paramref name="address"/> and lets clients from <paramref name="clients"/> (CIDR) in, e.g. the
    /// hub address of network namespaces whose nodes use the database.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(string? address, string? clients)
    {
        var bin = LocateBinaries();
        var root = new TempDirectory("asterfarm-postgres");
        ManagedProcess? server = null;
        try
        {
            var data = root.Combine("data");
            var sockets = root.Combine("sockets");
            Directory.CreateDirectory(sockets);
            GiveToServerUser(root.Path);

            var initdb = ProcessRunner.Run(
                AsServerUser(Path.Combine(bin, "initdb"), out var initdbArguments),
                [.. initdbArguments, "-D", data, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
            if (initdb.ExitCode != 0)
            {
                throw new InvalidOperationException($"initdb failed: {initdb}\n{initdb.StdoutText}");
            }

            if (clients is not null)
            {
                await File.AppendAllTextAsync(Path.Combine(data, "pg_hba.conf"), $"host all all {clients} trust\n");
            }

            var port = FreePorts.Take(1)[0];
            var program = AsServerUser(Path.Combine(bin, "postgres"), out var arguments);
            server = ManagedProcess.Start("postgres", program,
            [
                .. arguments, "-D", data, "-h", address is null ? "127.0.0.1" : $"127.0.0.1,{address}", "-p", port.ToString(CultureInfo.InvariantCulture), "-k", sockets,
                // A throwaway server: durability of the server itself is not what the tests exercise.
                "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=200",
            ]);
            var instance = new PostgresServer(root, server, port);
            await instance.WaitUntilAcceptingAsync();
            await instance.ExecuteAsync("postgres", $"CREATE DATABASE {Database}");
            return instance;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            root.Dispose();
            throw;
        }
    }

    public string ConnectionStringFor(string database) => ConnectionStringFor(database, "127.0.0.1");

    /// <summary>A connection string for <paramref name="database"/> through <paramref name="host"/> (an address it listens on).</summary>
    public string ConnectionStringFor(string database, string host) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = Port,
            Username = Superuser,
            Database = database,
            Pooling = false,
        }.ConnectionString;

    /// <summary>Runs one SQL statement on <paramref name="database"/> (tests use it to create more databases or inspect tables).</summary>
    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_server.HasExited)
            {
                // SIGQUIT is PostgreSQL's immediate shutdown: no waiting for clients still connected.
                ProcessRunner.Run("kill", ["-QUIT", _server.Id.ToString(CultureInfo.InvariantCulture)]);
                try
                {
                    await _server.WaitForExitAsync(TimeSpan.FromSeconds(30));
                }
                catch (TimeoutException)
                {
                    // The kill of the whole tree below is the fallback.
                }
            }
        }
        finally
        {
            await _server.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            _root.Dispose();
        }
    }

    /// <summary>Debian puts the server binaries outside PATH, one directory per major version; the newest wins.</summary>
    private static string LocateBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .ToList()
            : [];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Where(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")));
        return candidates.Concat(onPath).FirstOrDefault()
            ?? throw new InvalidOperationException($"initdb/postgres not found under /usr/lib/postgresql/*/bin or on PATH; {InstallHint}");
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>PostgreSQL refuses to run as root; as root the server runs as the <c>postgres</c> user the package creates.</summary>
    private static string AsServerUser(string program, out string[] arguments)
    {
        if (!RunningAsRoot)
        {
            arguments = [];
            return program;
        }

        // setpriv execs the program itself (runuser would stay as its parent), so killing the process we hold kills the server.
        arguments = ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program];
        return "setpriv";
    }

    private static void GiveToServerUser(string path)
    {
        if (!RunningAsRoot)
        {
            return;
        }

        var chown = ProcessRunner.Run("chown", ["-R", "postgres:postgres", path]);
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown postgres {path} failed ({chown}); {InstallHint}");
        }
    }

    private async Task WaitUntilAcceptingAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"postgres exited while starting; its output:\n{_server.Output}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
                await connection.OpenAsync();
                return;
            }
            catch (Exception error) when (error is NpgsqlException or System.Net.Sockets.SocketException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"postgres did not accept connections within {StartTimeout}; its output:\n{_server.Output}", error);
                }
            }

            await timer.WaitForNextTickAsync();
        }
    }
}
