package io.skiff.component.testing;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.TestPostgres;

/**
 * One real API server for all of this module's integration tests in a JVM, started on first use on
 * its own database and stopped at exit, as TestPostgres does for PostgreSQL. Tests keep apart by
 * using names of their own.
 */
public final class SharedApiServer {

    private static ApiServerInstance instance;

    private SharedApiServer() {}

    public static synchronized String baseUrl() {
        if (instance == null) {
            instance = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
            ApiServerInstance started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return instance.baseUrl();
    }
}
