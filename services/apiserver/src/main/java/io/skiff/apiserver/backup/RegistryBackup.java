package io.skiff.apiserver.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.skiff.apiserver.storage.DatastoreEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a consistent snapshot of the registry: one read-only, repeatable-read transaction sees
 * every object and allocation as of one revision, while API servers keep writing. Objects are
 * streamed, so a large registry does not have to fit in memory.
 */
public final class RegistryBackup {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int FETCH_SIZE = 500;

    private final Clock clock;

    public RegistryBackup(Clock clock) {
        this.clock = clock;
    }

    /** Writes the snapshot to {@code out} (gzip-compressed; {@code out} is closed). */
    public BackupSummary write(DatastoreEndpoint endpoint, OutputStream out) throws SQLException {
        try (Connection conn = endpoint.openDedicatedConnection("skiff-backup")) {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            BackupSummary summary = new BackupSummary(
                    queryLong(conn, "SELECT revision FROM skiff_revision WHERE id = 1"),
                    clock.instant(),
                    queryLong(conn, "SELECT count(*) FROM skiff_object"),
                    queryLong(conn, "SELECT count(*) FROM skiff_allocation"));
            try (JsonGenerator json = JSON.createGenerator(new GZIPOutputStream(out, 1 << 16))) {
                json.setRootValueSeparator(null);
                writeHeader(json, summary);
                long objects = writeObjects(conn, json);
                long allocations = writeAllocations(conn, json);
                if (objects != summary.objects() || allocations != summary.allocations()) {
                    // Cannot happen in one repeatable-read transaction; never write a file that lies.
                    throw new IllegalStateException("the registry changed during a repeatable-read snapshot");
                }
                json.writeStartObject();
                json.writeBooleanField("end", true);
                json.writeNumberField("objects", objects);
                json.writeNumberField("allocations", allocations);
                json.writeEndObject();
                json.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the backup: " + e.getMessage(), e);
            } finally {
                conn.rollback();
            }
            return summary;
        }
    }

    private static void writeHeader(JsonGenerator json, BackupSummary summary) throws IOException {
        json.writeStartObject();
        json.writeStringField("apiVersion", BackupFormat.API_VERSION);
        json.writeStringField("kind", BackupFormat.KIND);
        json.writeNumberField("revision", summary.revision());
        json.writeStringField("created", summary.created().toString());
        json.writeNumberField("objects", summary.objects());
        json.writeNumberField("allocations", summary.allocations());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static long writeObjects(Connection conn, JsonGenerator json) throws SQLException, IOException {
        long count = 0;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT resource, namespace, name, revision, data FROM skiff_object ORDER BY revision")) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    json.writeStartObject();
                    json.writeStringField("resource", rs.getString(1));
                    json.writeStringField("namespace", rs.getString(2));
                    json.writeStringField("name", rs.getString(3));
                    json.writeNumberField("revision", rs.getLong(4));
                    byte[] stored = rs.getBytes(5);
                    if (BackupFormat.isEncrypted(stored)) {
                        json.writeStringField(
                                BackupFormat.ENCRYPTED, Base64.getEncoder().encodeToString(stored));
                    } else {
                        json.writeFieldName("object");
                        json.writeRawValue(new String(stored, StandardCharsets.UTF_8));
                    }
                    json.writeEndObject();
                    json.writeRaw('\n');
                    count++;
                }
            }
        }
        return count;
    }

    private static long writeAllocations(Connection conn, JsonGenerator json) throws SQLException, IOException {
        long count = 0;
        try (PreparedStatement ps =
                        conn.prepareStatement("SELECT pool, value, owner FROM skiff_allocation ORDER BY pool, value");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                json.writeStartObject();
                json.writeStringField("pool", rs.getString(1));
                json.writeStringField("value", rs.getString(2));
                json.writeStringField("owner", rs.getString(3));
                json.writeEndObject();
                json.writeRaw('\n');
                count++;
            }
        }
        return count;
    }

    static long queryLong(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
