package io.skiff.launcher;

import io.skiff.apiserver.backup.BackupSummary;
import io.skiff.apiserver.backup.RegistryBackup;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code skiff backup}: a consistent snapshot of the registry to a file. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Write a consistent snapshot of the registry (every object and every allocated cluster IP and node port)"
                    + " to FILE, as gzip-compressed JSON lines.",
            "The server may keep running: the snapshot is one read-only transaction. Without a running server, the"
                    + " data directory's PostgreSQL is started for the backup and stopped after it."
        },
        footer = {
            "",
            "Examples:",
            "  skiff backup ~/skiff-$(date +%F).backup",
            "  skiff backup --datastore-endpoint postgres://skiff:secret@db:5432/skiff /backups/skiff.backup",
            "Put it back with: skiff restore FILE (server stopped)"
        })
final class BackupCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private DatastoreOptions datastore = new DatastoreOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the backup (replaced if it exists).")
    private Path file;

    @Override
    public Integer call() throws Exception {
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        BackupSummary summary;
        try (RegistryDatastore registry = RegistryDatastore.open(spec, datastore, false)) {
            try (OutputStream out = Files.newOutputStream(partial)) {
                summary = new RegistryBackup(Clock.systemUTC()).write(registry.endpoint(), out);
            } catch (Exception e) {
                Files.deleteIfExists(partial);
                throw e;
            }
        }
        // A backup that failed half-way must never look like a backup.
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(
                "Backed up %d objects and %d allocations at revision %d to %s (%,d bytes).%n",
                summary.objects(), summary.allocations(), summary.revision(), target, Files.size(target));
        return 0;
    }
}
