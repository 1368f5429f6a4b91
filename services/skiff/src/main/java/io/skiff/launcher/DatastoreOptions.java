package io.skiff.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which registry a maintenance command works on: a data directory's embedded PostgreSQL or an external one. */
final class DatastoreOptions {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The data directory whose embedded PostgreSQL holds the registry"
                    + " (default: $SKIFF_DATA_DIR or ~/.skiff).")
    Path dataDir;

    @Option(
            names = "--datastore-endpoint",
            paramLabel = "URL",
            description = "External PostgreSQL instead, e.g. postgres://user:pass@host:5432/skiff.")
    String datastoreEndpoint;
}
