using Npgsql;

namespace AsterFarm.Integration.Tests.Persistence;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task PostgresServer_serves_an_empty_database_and_leaves_nothing_behind()
    {
        string directory;
        int port;
        await using (var server = await PostgresServer.StartAsync())
        {
            port = server.Port;
            await server.ExecuteAsync(PostgresServer.Database, "CREATE TABLE probe (id integer)");
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_database()", connection);
            Assert.Equal(PostgresServer.Database, await command.ExecuteScalarAsync());
            await using var dataDirectory = new NpgsqlCommand("SHOW data_directory", connection);
            directory = (string)(await dataDirectory.ExecuteScalarAsync())!;
        }

        Assert.False(Directory.Exists(directory), $"{directory} should be deleted");
        await using var refused = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Pooling=false;Timeout=5");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => refused.OpenAsync());
    }
}
