package io.skiff.launcher;

import io.skiff.apiserver.backup.ActiveApiServerException;
import io.skiff.apiserver.backup.BackupSummary;
import io.skiff.apiserver.backup.InvalidBackupException;
import io.skiff.apiserver.backup.RegistryRestore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff restore}: puts a backup back, with the server stopped. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Replace the registry with the backup in FILE (written by skiff backup), in one transaction: a damaged"
                    + " or cut-off file changes nothing.",
            "Stop the server first. Clients that still hold resource versions from before the restore are told to"
                    + " list again (410 Gone), as after an etcd snapshot restore. A new data directory is initialised.",
        },
        footer = {
            "",
            "Examples:",
            "  skiff restore ~/skiff-2026-12-07.backup && skiff server",
            "  skiff restore --data-dir /var/lib/skiff-new /backups/skiff.backup"
        })
final class RestoreCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DatastoreOptions datastore = new DatastoreOptions();

    @Option(
            names = "--force",
            description = "Restore into an external datastore even though an API server's endpoint Lease is"
                    + " still current (a server that died within its Lease duration).")
    private boolean force;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup to restore.")
    private Path file;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such backup file");
        }
        try (RegistryDatastore registry = RegistryDatastore.open(spec, datastore, true)) {
            if (registry.runningServerPid().isPresent()) {
                return fail("skiff server is running on this data directory (its PostgreSQL is process "
                        + registry.runningServerPid().get() + "): stop it first");
            }
            BackupSummary summary;
            try (InputStream in = Files.newInputStream(file)) {
                summary = new RegistryRestore(Clock.systemUTC()).restore(registry.endpoint(), in, force);
            } catch (InvalidBackupException | ActiveApiServerException e) {
                return fail(e.getMessage() + "; nothing was changed");
            }
            System.out.printf(
                    "Restored %d objects and %d allocations from the backup taken at %s (revision %d).%n"
                            + "Start the cluster again with: skiff server%s%n",
                    summary.objects(),
                    summary.allocations(),
                    summary.created(),
                    summary.revision(),
                    datastore.datastoreEndpoint != null
                            ? " --datastore-endpoint ..."
                            : datastore.dataDir != null ? " --data-dir " + datastore.dataDir : "");
            return 0;
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("skiff restore: " + message);
        return 1;
    }
}
