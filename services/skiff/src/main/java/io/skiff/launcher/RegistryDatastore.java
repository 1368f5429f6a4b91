package io.skiff.launcher;

import io.skiff.apiserver.storage.DatastoreEndpoint;
import io.skiff.apiserver.storage.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The registry's PostgreSQL for a maintenance command. For a data directory: the embedded server a
 * running {@code skiff server} has started (found through PostgreSQL's postmaster.pid), else one
 * started for the command and stopped after it.
 *
 * @param runningServerPid the process of a PostgreSQL some {@code skiff server} runs on this data
 *     directory, if any
 */
record RegistryDatastore(
        DatastoreEndpoint endpoint, Optional<EmbeddedPostgresServer> started, Optional<Long> runningServerPid)
        implements AutoCloseable {

    private static final String EMBEDDED_USER = "postgres";

    /**
     * Opens the registry the options name.
     *
     * @param mayInitialise whether an empty data directory gets a new PostgreSQL (for a restore)
     *     rather than an error (for a backup)
     */
    static RegistryDatastore open(CommandSpec spec, DatastoreOptions options, boolean mayInitialise)
            throws IOException {
        if (options.datastoreEndpoint != null) {
            try {
                return new RegistryDatastore(
                        DatastoreEndpoint.parse(options.datastoreEndpoint, null, null),
                        Optional.empty(),
                        Optional.empty());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--datastore-endpoint: " + e.getMessage());
            }
        }
        Path dir = DataDirectory.resolve(options.dataDir);
        Path pgData = dir.resolve("postgres");
        if (!mayInitialise && !Files.exists(pgData.resolve("PG_VERSION"))) {
            throw new ParameterException(
                    spec.commandLine(),
                    "no Skiff registry in " + dir + " (no postgres/ there): pass the --data-dir the server uses");
        }
        Optional<RunningPostgres> running = RunningPostgres.in(pgData);
        if (running.isPresent()) {
            return new RegistryDatastore(
                    new DatastoreEndpoint(
                            "jdbc:postgresql://127.0.0.1:" + running.get().port() + "/postgres", EMBEDDED_USER, null),
                    Optional.empty(),
                    Optional.of(running.get().pid()));
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir);
        return new RegistryDatastore(
                new DatastoreEndpoint(server.jdbcUrl(), server.username(), null),
                Optional.of(server),
                Optional.empty());
    }

    @Override
    public void close() throws IOException {
        if (started.isPresent()) {
            started.get().close();
        }
    }

    /** A PostgreSQL running on a data directory, from its postmaster.pid (pid on line 1, port on line 4). */
    record RunningPostgres(long pid, int port) {
        static Optional<RunningPostgres> in(Path pgData) throws IOException {
            Path pidFile = pgData.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            try {
                long pid = Long.parseLong(lines.get(0).strip());
                int port = Integer.parseInt(lines.get(3).strip());
                boolean alive =
                        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                return alive ? Optional.of(new RunningPostgres(pid, port)) : Optional.empty();
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                // PostgreSQL writes the file in steps while starting; a partial one means no usable server yet.
                return Optional.empty();
            }
        }
    }
}
