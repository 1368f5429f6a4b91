package io.skiff.apiserver.testing;

import io.skiff.apiserver.storage.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for the whole test JVM (started on first use, stopped at exit); each test
 * gets a database of its own so tests never see each other's objects.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestPostgres() {}

    /** A new, empty database; returns its JDBC URL. */
    public static synchronized String newDatabase() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("skiff-test-pg");
                server = EmbeddedPostgresServer.start(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (Exception ignored) {
                        // The JVM is exiting; PostgreSQL is stopped with it either way.
                    }
                    // Its binaries and data are half a gigabyte: left behind by every test JVM they
                    // filled the disk until kubelets in later tests saw disk pressure.
                    try {
                        org.springframework.util.FileSystemUtils.deleteRecursively(dir);
                    } catch (java.io.IOException ignored) {
                        // Best effort: the temporary directory is the system's to clean then.
                    }
                }));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        String name = "skiff_test_" + DATABASES.incrementAndGet();
        try (Connection conn = DriverManager.getConnection(server.jdbcUrl(), server.username(), null);
                Statement st = conn.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return server.jdbcUrl().replace("/postgres", "/" + name);
    }

    public static String username() {
        return "postgres";
    }
}
