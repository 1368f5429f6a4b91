package io.skiff.apiserver.storage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How to reach the registry's PostgreSQL: a JDBC URL and credentials. Accepts the
 * {@code postgres://user:pass@host:port/db?params} form k3s users know as well as JDBC URLs.
 */
public record DatastoreEndpoint(String jdbcUrl, String username, String password) {

    public static DatastoreEndpoint parse(String url, String username, String password) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatastoreEndpoint(url, username, password);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new IllegalArgumentException(
                    "datastore endpoint must start with postgres://, postgresql:// or jdbc:postgresql: (got " + url
                            + ")");
        }
        URI uri = URI.create(url);
        String user = username;
        String pass = password;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            pass = parts.length > 1 ? decode(parts[1]) : pass;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String database = uri.getPath() == null || uri.getPath().length() <= 1
                ? "postgres"
                : uri.getPath().substring(1);
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatastoreEndpoint(
                "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database + query, user, pass);
    }

    /** A connection outside the pool, for the writer and the change feed, which hold theirs for good. */
    public Connection openDedicatedConnection(String applicationName) throws SQLException {
        Properties props = new Properties();
        if (username != null) {
            props.setProperty("user", username);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
