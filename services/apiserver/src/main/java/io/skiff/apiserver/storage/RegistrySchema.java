package io.skiff.apiserver.storage;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** The registry's tables, created and migrated by Flyway from {@code db/migration}. */
public final class RegistrySchema {

    private RegistrySchema() {}

    /** Brings the schema up to date (idempotent; concurrent API servers serialise on Flyway's lock). */
    public static void migrate(DataSource dataSource) {
        flyway().dataSource(dataSource).load().migrate();
    }

    public static void migrate(DatastoreEndpoint endpoint) {
        flyway().dataSource(endpoint.jdbcUrl(), endpoint.username(), endpoint.password())
                .load()
                .migrate();
    }

    private static FluentConfiguration flyway() {
        return Flyway.configure().locations("classpath:db/migration");
    }
}
