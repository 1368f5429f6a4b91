package io.skiff.apiserver.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.apiserver.storage.DatastoreEndpoint;
import io.skiff.apiserver.storage.RegistrySchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Puts a backup back: in one transaction the registry's objects and allocations are replaced by
 * the backup's, so a bad or cut-off file changes nothing. Objects keep the revisions they had; the
 * registry's revision moves past both the backup's and the one it replaces, and everything below
 * it counts as compacted, so a client still holding a resourceVersion from before the restore gets
 * 410 Gone and lists again instead of missing changes (as after an etcd snapshot restore).
 *
 * <p>Meant for a stopped cluster: it refuses while an API server's endpoint Lease says one serves
 * from this datastore, unless forced.
 */
public final class RegistryRestore {

    private static final String LEASES = "leases.coordination.k8s.io";
    private static final String API_SERVER_LEASE_NAMESPACE = "kube-system";
    private static final String API_SERVER_LEASE_PREFIX = "skiff-apiserver-endpoint-";
    private static final int BATCH = 500;

    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock;

    public RegistryRestore(Clock clock) {
        this.clock = clock;
    }

    /**
     * Replaces the registry at {@code endpoint} with the backup read from {@code in} (closed).
     *
     * @param force restore even though an API server's Lease is still current
     * @throws InvalidBackupException the file is not a complete backup (nothing changed)
     * @throws ActiveApiServerException an API server serves from this datastore (nothing changed)
     */
    public BackupSummary restore(DatastoreEndpoint endpoint, InputStream in, boolean force) throws SQLException {
        RegistrySchema.migrate(endpoint);
        try (Connection conn = endpoint.openDedicatedConnection("skiff-restore");
                BufferedReader lines = reader(in)) {
            conn.setAutoCommit(false);
            try {
                long current =
                        RegistryBackup.queryLong(conn, "SELECT revision FROM skiff_revision WHERE id = 1 FOR UPDATE");
                if (!force) {
                    refuseWhileServing(conn);
                }
                BackupSummary header = header(lines);
                try (Statement st = conn.createStatement()) {
                    st.execute("TRUNCATE skiff_change, skiff_object, skiff_allocation");
                }
                Counts counts = load(conn, lines);
                if (counts.objects != header.objects() || counts.allocations != header.allocations()) {
                    throw new InvalidBackupException("the backup holds " + counts.objects + " objects and "
                            + counts.allocations + " allocations but its first line announces " + header.objects()
                            + " and " + header.allocations());
                }
                long revision = Math.max(current, Math.max(header.revision(), counts.highestRevision)) + 1;
                try (PreparedStatement ps =
                        conn.prepareStatement("UPDATE skiff_revision SET revision = ?, compacted = ? WHERE id = 1")) {
                    ps.setLong(1, revision);
                    ps.setLong(2, revision);
                    ps.executeUpdate();
                }
                conn.commit();
                return header;
            } catch (RuntimeException | SQLException e) {
                conn.rollback();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader reader(InputStream in) {
        try {
            return new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8));
        } catch (ZipException e) {
            throw new InvalidBackupException("not a Skiff backup: the file is not gzip-compressed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the backup: " + e.getMessage(), e);
        }
    }

    private void refuseWhileServing(Connection conn) throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT name, data FROM skiff_object WHERE resource = ? AND namespace = ? AND name LIKE ?")) {
            ps.setString(1, LEASES);
            ps.setString(2, API_SERVER_LEASE_NAMESPACE);
            ps.setString(3, API_SERVER_LEASE_PREFIX + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant expires = leaseExpiry(rs.getBytes(2));
                    if (expires != null && expires.isAfter(now)) {
                        throw new ActiveApiServerException("an API server still serves from this datastore (Lease "
                                + API_SERVER_LEASE_NAMESPACE + "/" + rs.getString(1) + " is current until " + expires
                                + "): stop every skiff server using it first, or restore with --force");
                    }
                }
            }
        }
    }

    private Instant leaseExpiry(byte[] data) {
        try {
            JsonNode spec = mapper.readTree(data).path("spec");
            String renewTime = spec.path("renewTime").asText(null);
            if (renewTime == null) {
                return null;
            }
            return Instant.parse(renewTime)
                    .plusSeconds(spec.path("leaseDurationSeconds").asLong(0));
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    /** The bytes to store: the object's JSON, or an encrypted value exactly as it was stored. */
    private byte[] storedValue(JsonNode line) throws IOException {
        if (line.has("object")) {
            return mapper.writeValueAsBytes(line.get("object"));
        }
        try {
            return Base64.getDecoder().decode(line.get(BackupFormat.ENCRYPTED).asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidBackupException("the backup has an encrypted object that is not base64", e);
        }
    }

    private BackupSummary header(BufferedReader lines) throws IOException {
        JsonNode header = next(lines);
        if (header == null
                || !BackupFormat.API_VERSION.equals(header.path("apiVersion").asText())
                || !BackupFormat.KIND.equals(header.path("kind").asText())) {
            throw new InvalidBackupException("not a Skiff backup: its first line is not a " + BackupFormat.API_VERSION
                    + " " + BackupFormat.KIND);
        }
        try {
            return new BackupSummary(
                    header.path("revision").asLong(),
                    Instant.parse(header.path("created").asText()),
                    header.path("objects").asLong(),
                    header.path("allocations").asLong());
        } catch (DateTimeParseException e) {
            throw new InvalidBackupException("the backup's first line has no valid creation time", e);
        }
    }

    private Counts load(Connection conn, BufferedReader lines) throws IOException, SQLException {
        Counts counts = new Counts();
        try (PreparedStatement objects = conn.prepareStatement(
                        "INSERT INTO skiff_object (resource, namespace, name, revision, data) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement allocations =
                        conn.prepareStatement("INSERT INTO skiff_allocation (pool, value, owner) VALUES (?, ?, ?)")) {
            JsonNode line;
            while ((line = next(lines)) != null) {
                if (line.path("end").asBoolean(false)) {
                    flush(objects, allocations);
                    if (next(lines) != null) {
                        throw new InvalidBackupException("the backup has lines after its end marker");
                    }
                    return counts;
                } else if (line.has("object") || line.has(BackupFormat.ENCRYPTED)) {
                    objects.setString(1, text(line, "resource"));
                    objects.setString(2, line.path("namespace").asText(""));
                    objects.setString(3, text(line, "name"));
                    long revision = line.path("revision").asLong();
                    objects.setLong(4, revision);
                    objects.setBytes(5, storedValue(line));
                    objects.addBatch();
                    counts.highestRevision = Math.max(counts.highestRevision, revision);
                    counts.objects++;
                } else if (line.has("pool")) {
                    allocations.setString(1, text(line, "pool"));
                    allocations.setString(2, text(line, "value"));
                    allocations.setString(3, text(line, "owner"));
                    allocations.addBatch();
                    counts.allocations++;
                } else {
                    throw new InvalidBackupException(
                            "the backup has a line that is neither an object nor an allocation");
                }
                if ((counts.objects + counts.allocations) % BATCH == 0) {
                    flush(objects, allocations);
                }
            }
            throw new InvalidBackupException("the backup ends early (after " + counts.objects + " objects and "
                    + counts.allocations + " allocations): the file is cut off");
        }
    }

    private static void flush(PreparedStatement objects, PreparedStatement allocations) throws SQLException {
        objects.executeBatch();
        allocations.executeBatch();
    }

    private JsonNode next(BufferedReader lines) throws IOException {
        String line;
        try {
            line = lines.readLine();
        } catch (IOException e) {
            throw new InvalidBackupException(
                    "the backup's compressed data is damaged or cut off (" + e.getMessage() + ")", e);
        }
        if (line == null) {
            return null;
        }
        try {
            return mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidBackupException("the backup has a line that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidBackupException("the backup has a line without " + field);
        }
        return value.asText();
    }

    private static final class Counts {
        long objects;
        long allocations;
        long highestRevision;
    }
}
