package io.skiff.apiserver.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** Reads the registry straight from PostgreSQL (the watch cache serves most reads from memory). */
public final class RegistryReader {

    private final DataSource dataSource;
    private final ValueTransformer transformer;

    public RegistryReader(DataSource dataSource) {
        this(dataSource, ValueTransformer.IDENTITY);
    }

    public RegistryReader(DataSource dataSource, ValueTransformer transformer) {
        this.dataSource = dataSource;
        this.transformer = transformer;
    }

    public Optional<StoredObject> get(RegistryKey key) {
        String sql = "SELECT revision, data FROM skiff_object WHERE resource = ? AND namespace = ? AND name = ?";
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, key.resource());
            ps.setString(2, key.namespace());
            ps.setString(3, key.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(stored(transformer, key, rs.getLong(1), rs.getBytes(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageUnavailableException("storage read failed: " + e.getMessage(), e);
        }
    }

    /** Every value of {@code pool} some object holds, as committed now. */
    public List<String> allocated(String pool) {
        String sql = "SELECT value FROM skiff_allocation WHERE pool = ?";
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, pool);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        } catch (SQLException e) {
            throw new StorageUnavailableException("storage read failed: " + e.getMessage(), e);
        }
    }

    /** The newest committed revision: a read that reflects it is consistent. */
    public long currentRevision() {
        try (Connection conn = dataSource.getConnection();
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT revision FROM skiff_revision WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StorageUnavailableException("storage read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Streams every stored object as of one consistent snapshot and returns that snapshot's revision.
     */
    public long snapshot(Consumer<StoredObject> sink) {
        return inSnapshot("storage snapshot", conn -> {
            long revision;
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT revision FROM skiff_revision WHERE id = 1")) {
                rs.next();
                revision = rs.getLong(1);
            }
            try (Statement st = conn.createStatement()) {
                st.setFetchSize(1000);
                try (ResultSet rs =
                        st.executeQuery("SELECT resource, namespace, name, revision, data FROM skiff_object")) {
                    while (rs.next()) {
                        RegistryKey key = new RegistryKey(rs.getString(1), rs.getString(2), rs.getString(3));
                        sink.accept(stored(transformer, key, rs.getLong(4), rs.getBytes(5)));
                    }
                }
            }
            return revision;
        });
    }

    /**
     * The changes after {@code revision}, oldest first, at most {@code limit} of them.
     *
     * @throws CompactedException if changes after {@code revision} were already compacted away
     */
    public List<Change> changesAfter(long revision, int limit) {
        return inSnapshot("storage read", conn -> readChangesAfter(conn, transformer, revision, limit));
    }

    /**
     * {@link #changesAfter(long, int)} on a connection the caller holds (the change feed's own, so
     * it does not wait on the pool after PostgreSQL restarts).
     */
    public static List<Change> changesAfter(Connection conn, ValueTransformer transformer, long revision, int limit) {
        return inSnapshot(conn, "storage read", c -> readChangesAfter(c, transformer, revision, limit));
    }

    /**
     * A stored value turned back into JSON; one that cannot be is marked unreadable rather than
     * failing the whole read, so the watch cache and the change feed go on with everything else.
     */
    private static StoredObject stored(ValueTransformer transformer, RegistryKey key, long revision, byte[] value) {
        try {
            byte[] plain = transformer.fromStorage(key, value);
            return new StoredObject(key, revision, plain, null, transformer.isStale(key, value));
        } catch (UnreadableValueException e) {
            return new StoredObject(key, revision, null, e, false);
        }
    }

    private static Change change(
            ValueTransformer transformer,
            long revision,
            RegistryKey key,
            ChangeType type,
            byte[] data,
            byte[] prevData) {
        try {
            return new Change(
                    revision,
                    key,
                    type,
                    transformer.fromStorage(key, data),
                    prevData == null ? null : transformer.fromStorage(key, prevData),
                    null,
                    transformer.isStale(key, data));
        } catch (UnreadableValueException e) {
            return new Change(revision, key, type, null, null, e, false);
        }
    }

    private static List<Change> readChangesAfter(
            Connection conn, ValueTransformer transformer, long revision, int limit) throws SQLException {
        long compacted;
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT compacted FROM skiff_revision WHERE id = 1")) {
            rs.next();
            compacted = rs.getLong(1);
        }
        if (revision < compacted) {
            throw new CompactedException(revision, compacted);
        }
        List<Change> changes = new ArrayList<>();
        String sql = "SELECT revision, resource, namespace, name, type, data, prev_data FROM skiff_change"
                + " WHERE revision > ? ORDER BY revision LIMIT ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, revision);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RegistryKey key = new RegistryKey(rs.getString(2), rs.getString(3), rs.getString(4));
                    changes.add(change(
                            transformer,
                            rs.getLong(1),
                            key,
                            ChangeType.ofCode(rs.getShort(5)),
                            rs.getBytes(6),
                            rs.getBytes(7)));
                }
            }
        }
        return changes;
    }

    /** Work that needs several statements to see one snapshot. */
    @FunctionalInterface
    private interface SnapshotWork<T> {
        T run(Connection conn) throws SQLException;
    }

    /**
     * Runs {@code work} in a read-only REPEATABLE READ transaction, so all its statements see the
     * same snapshot, and hands the connection back as it found it.
     */
    private <T> T inSnapshot(String what, SnapshotWork<T> work) {
        try (Connection conn = dataSource.getConnection()) {
            return inSnapshot(conn, what, work);
        } catch (SQLException e) {
            throw new StorageUnavailableException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static <T> T inSnapshot(Connection conn, String what, SnapshotWork<T> work) {
        try {
            boolean autoCommit = conn.getAutoCommit();
            conn.setAutoCommit(false);
            conn.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                T result = work.run(conn);
                conn.commit();
                return result;
            } finally {
                // Ends the transaction if the work failed (after a commit this is a no-op).
                conn.rollback();
                conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                conn.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StorageUnavailableException(what + " failed: " + e.getMessage(), e);
        }
    }
}
