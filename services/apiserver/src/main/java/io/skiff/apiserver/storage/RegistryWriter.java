package io.skiff.apiserver.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.skiff.model.json.KubeJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits writes to the registry. One thread drains the queue of pending writes and commits them in
 * batches: each batch is one transaction that locks the revision row, assigns consecutive revisions,
 * applies every write as a compare-and-swap, appends the successful ones to the change log, and
 * commits while still holding the lock. Revisions thus commit in strictly increasing order across
 * every API server on the database, and concurrent requests share one WAL flush (group commit).
 */
public final class RegistryWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryWriter.class);

    private static final String LOCK_REVISION = "SELECT revision FROM skiff_revision WHERE id = 1 FOR UPDATE";
    private static final String INSERT_OBJECT =
            "INSERT INTO skiff_object (resource, namespace, name, revision, data) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING";
    private static final String UPDATE_OBJECT = "UPDATE skiff_object SET revision = ?, data = ?"
            + " WHERE resource = ? AND namespace = ? AND name = ? AND revision = ?";
    private static final String DELETE_OBJECT =
            "DELETE FROM skiff_object WHERE resource = ? AND namespace = ? AND name = ? AND revision = ?";
    private static final String INSERT_CHANGE =
            "INSERT INTO skiff_change (revision, resource, namespace, name, type, data, prev_data)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String ACQUIRE =
            "INSERT INTO skiff_allocation (pool, value, owner) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String RELEASE = "DELETE FROM skiff_allocation WHERE pool = ? AND value = ? AND owner = ?";
    private static final String SET_REVISION = "UPDATE skiff_revision SET revision = ? WHERE id = 1";
    private static final String NOTIFY = "SELECT pg_notify('" + ChangeFeed.CHANNEL + "', ?)";

    private final DatastoreEndpoint endpoint;
    private final ValueTransformer transformer;
    private final int maxBatch;
    private final CommitListener listener;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ObjectMapper mapper = KubeJson.mapper();
    private final Timer commitTimer;
    private final DistributionSummary batchSize;
    private final Thread thread;
    /**
     * Runs what follows a commit, in commit order: the watch cache hears of the changes, then the
     * requests get their answers (so a client's next read from this server sees its own write).
     * The writer thread meanwhile starts the next transaction.
     */
    private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "skiff-registry-completions");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean running = true;
    private Connection connection;
    /** Commits failed in a row; only the first of a streak is a warning (PostgreSQL restarting). */
    private int failedCommits;

    public RegistryWriter(DatastoreEndpoint endpoint, int maxBatch, CommitListener listener, MeterRegistry meters) {
        this(endpoint, ValueTransformer.IDENTITY, maxBatch, listener, meters);
    }

    /**
     * @param transformer turns each object into the bytes stored (encryption at rest); commit
     *     listeners and requests get the plain JSON
     */
    public RegistryWriter(
            DatastoreEndpoint endpoint,
            ValueTransformer transformer,
            int maxBatch,
            CommitListener listener,
            MeterRegistry meters) {
        this.endpoint = endpoint;
        this.transformer = transformer;
        this.maxBatch = maxBatch;
        this.listener = listener;
        this.commitTimer = Timer.builder("skiff_storage_commit_duration_seconds")
                .description("Time to commit one batch of writes to PostgreSQL")
                .publishPercentileHistogram()
                .register(meters);
        this.batchSize = DistributionSummary.builder("skiff_storage_commit_batch_size")
                .description("Writes committed per transaction")
                .register(meters);
        this.thread = new Thread(this::run, "skiff-registry-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a write; the future completes once it is committed or rejected. */
    public CompletableFuture<WriteResult> submit(WriteOp op) {
        Pending pending = new Pending(op, new CompletableFuture<>());
        if (!running) {
            pending.result.completeExceptionally(new StorageUnavailableException("registry writer is stopped", null));
            return pending.result;
        }
        queue.add(pending);
        return pending.result;
    }

    /** Writes waiting to be committed. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                Pending first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        failAll(new StorageUnavailableException("registry writer is stopped", null));
    }

    private void commit(List<Pending> batch) {
        long start = System.nanoTime();
        try {
            Connection conn = connection();
            Outcome outcome = writeBatch(conn, batch);
            commitOrReportUnknown(conn);
            if (failedCommits > 0) {
                log.info("Registry commits succeed again, after {} failed", failedCommits);
                failedCommits = 0;
            }
            commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            batchSize.record(batch.size());
            List<Pending> committed = List.copyOf(batch);
            completions.execute(() -> {
                if (!outcome.changes.isEmpty()) {
                    listener.committed(outcome.previousRevision, outcome.changes);
                }
                for (int i = 0; i < committed.size(); i++) {
                    committed.get(i).result.complete(outcome.results.get(i));
                }
            });
        } catch (SQLException | RuntimeException | AssertionError e) {
            // AssertionError: with assertions enabled, pgjdbc's executeBatch throws one instead of a
            // SQLException when the server ends the connection mid-batch (pgjdbc#1458); it must not
            // end this thread, or no write would ever complete again.
            if (failedCommits++ == 0) {
                log.warn("Registry commit of {} writes failed: {}", batch.size(), e.toString());
            } else {
                log.debug("Registry commit of {} writes failed again: {}", batch.size(), e.toString());
            }
            closeConnection();
            StorageUnavailableException failure = e instanceof CommitOutcomeUnknownException unknown
                    ? unknown
                    : new StorageUnavailableException("storage commit failed: " + e.getMessage(), e);
            for (Pending pending : batch) {
                pending.result.completeExceptionally(failure);
            }
            pauseAfterFailure();
        }
    }

    /**
     * Commits; a failure here (the connection dropped with the COMMIT sent) leaves the outcome
     * unknown, unlike a failure of any statement before it, which rolls everything back.
     */
    private static void commitOrReportUnknown(Connection conn) {
        try {
            conn.commit();
        } catch (SQLException e) {
            throw new CommitOutcomeUnknownException(
                    "the connection to the storage failed during the commit; the write may or may not have"
                            + " been stored: " + e.getMessage(),
                    e);
        }
    }

    private Outcome writeBatch(Connection conn, List<Pending> batch) throws SQLException {
        long previous;
        try (PreparedStatement lock = conn.prepareStatement(LOCK_REVISION);
                ResultSet rs = lock.executeQuery()) {
            rs.next();
            previous = rs.getLong(1);
        }
        long[] revisions = new long[batch.size()];
        byte[][] data = new byte[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            revisions[i] = previous + 1 + i;
            data[i] = stamp(batch.get(i).op, revisions[i]);
        }
        WriteResult[] refusals = new WriteResult[batch.size()];
        int[] counts = applyInOrder(conn, batch, revisions, data, refusals);

        List<WriteResult> results = new ArrayList<>(batch.size());
        List<Change> changes = new ArrayList<>(batch.size());
        long last = previous;
        try (PreparedStatement change = conn.prepareStatement(INSERT_CHANGE)) {
            for (int i = 0; i < batch.size(); i++) {
                WriteOp op = batch.get(i).op;
                if (refusals[i] != null) {
                    results.add(refusals[i]);
                    continue;
                }
                if (counts[i] != 1) {
                    results.add(
                            op.objectWrite() instanceof WriteOp.Create
                                    ? new WriteResult.AlreadyExists()
                                    : new WriteResult.RevisionMismatch());
                    continue;
                }
                Change c = toChange(op, revisions[i], data[i]);
                changes.add(c);
                results.add(new WriteResult.Committed(revisions[i], data[i]));
                last = revisions[i];
                change.setLong(1, c.revision());
                change.setString(2, c.key().resource());
                change.setString(3, c.key().namespace());
                change.setString(4, c.key().name());
                change.setShort(5, c.type().code());
                change.setBytes(6, transformer.toStorage(c.key(), c.data()));
                change.setBytes(7, c.prevData() == null ? null : transformer.toStorage(c.key(), c.prevData()));
                change.addBatch();
            }
            if (!changes.isEmpty()) {
                change.executeBatch();
            }
        }
        if (!changes.isEmpty()) {
            try (PreparedStatement set = conn.prepareStatement(SET_REVISION)) {
                set.setLong(1, last);
                set.executeUpdate();
            }
            try (PreparedStatement notify = conn.prepareStatement(NOTIFY)) {
                notify.setString(1, Long.toString(last));
                notify.execute();
            }
        }
        return new Outcome(previous, results, changes);
    }

    /**
     * Runs the compare-and-swap statements in submission order, batching consecutive writes of the
     * same kind into one round trip. Returns the affected-row count of each write; a write refused
     * for an allocation another object holds gets its answer in {@code refusals}.
     */
    private int[] applyInOrder(
            Connection conn, List<Pending> batch, long[] revisions, byte[][] data, WriteResult[] refusals)
            throws SQLException {
        int[] counts = new int[batch.size()];
        int runStart = 0;
        while (runStart < batch.size()) {
            Class<?> kind = batch.get(runStart).op.getClass();
            if (kind == WriteOp.Allocating.class) {
                WriteOp.Allocating op = (WriteOp.Allocating) batch.get(runStart).op;
                counts[runStart] = applyAllocating(conn, op, revisions[runStart], data[runStart], refusals, runStart);
                runStart++;
                continue;
            }
            int runEnd = runStart;
            while (runEnd < batch.size() && batch.get(runEnd).op.getClass() == kind) {
                runEnd++;
            }
            String sql = kind == WriteOp.Create.class
                    ? INSERT_OBJECT
                    : kind == WriteOp.Update.class ? UPDATE_OBJECT : DELETE_OBJECT;
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (int i = runStart; i < runEnd; i++) {
                    bind(ps, batch.get(i).op, revisions[i], data[i]);
                    ps.addBatch();
                }
                int[] run = ps.executeBatch();
                System.arraycopy(run, 0, counts, runStart, run.length);
            }
            runStart = runEnd;
        }
        return counts;
    }

    /**
     * One write with its allocations, all or nothing: under a savepoint, takes the values to acquire
     * (a value another object holds refuses the write), writes the object, and gives back the values
     * to release.
     */
    private int applyAllocating(
            Connection conn, WriteOp.Allocating op, long revision, byte[] data, WriteResult[] refusals, int index)
            throws SQLException {
        Savepoint savepoint = conn.setSavepoint();
        try (PreparedStatement acquire = conn.prepareStatement(ACQUIRE)) {
            for (Allocation allocation : op.acquire()) {
                acquire.setString(1, allocation.pool());
                acquire.setString(2, allocation.value());
                acquire.setString(3, allocation.owner());
                if (acquire.executeUpdate() != 1) {
                    conn.rollback(savepoint);
                    refusals[index] = new WriteResult.AllocationTaken(allocation);
                    return 0;
                }
            }
        }
        WriteOp write = op.write();
        String sql = write instanceof WriteOp.Create
                ? INSERT_OBJECT
                : write instanceof WriteOp.Update ? UPDATE_OBJECT : DELETE_OBJECT;
        int count;
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(ps, write, revision, data);
            count = ps.executeUpdate();
        }
        if (count != 1) {
            conn.rollback(savepoint);
            return count;
        }
        if (!op.release().isEmpty()) {
            try (PreparedStatement release = conn.prepareStatement(RELEASE)) {
                for (Allocation allocation : op.release()) {
                    release.setString(1, allocation.pool());
                    release.setString(2, allocation.value());
                    release.setString(3, allocation.owner());
                    release.addBatch();
                }
                release.executeBatch();
            }
        }
        conn.releaseSavepoint(savepoint);
        return count;
    }

    private void bind(PreparedStatement ps, WriteOp op, long revision, byte[] plain) throws SQLException {
        RegistryKey key = op.key();
        byte[] data = op instanceof WriteOp.Delete ? null : transformer.toStorage(key, plain);
        if (op instanceof WriteOp.Create) {
            ps.setString(1, key.resource());
            ps.setString(2, key.namespace());
            ps.setString(3, key.name());
            ps.setLong(4, revision);
            ps.setBytes(5, data);
        } else if (op instanceof WriteOp.Update update) {
            ps.setLong(1, revision);
            ps.setBytes(2, data);
            ps.setString(3, key.resource());
            ps.setString(4, key.namespace());
            ps.setString(5, key.name());
            ps.setLong(6, update.expectedRevision());
        } else {
            ps.setString(1, key.resource());
            ps.setString(2, key.namespace());
            ps.setString(3, key.name());
            ps.setLong(4, ((WriteOp.Delete) op).expectedRevision());
        }
    }

    private static Change toChange(WriteOp allocatingOrNot, long revision, byte[] data) {
        WriteOp op = allocatingOrNot.objectWrite();
        if (op instanceof WriteOp.Create) {
            return new Change(revision, op.key(), ChangeType.ADDED, data, null);
        }
        if (op instanceof WriteOp.Update update) {
            return new Change(revision, op.key(), ChangeType.MODIFIED, data, update.prevData());
        }
        return new Change(revision, op.key(), ChangeType.DELETED, data, ((WriteOp.Delete) op).prevData());
    }

    private byte[] stamp(WriteOp allocatingOrNot, long revision) {
        WriteOp op = allocatingOrNot.objectWrite();
        ObjectNode object;
        if (op instanceof WriteOp.Create create) {
            object = create.object();
        } else if (op instanceof WriteOp.Update update) {
            object = update.object();
        } else {
            object = ((WriteOp.Delete) op).lastState();
        }
        ((ObjectNode) object.get("metadata")).put("resourceVersion", Long.toString(revision));
        try {
            return mapper.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + op.key(), e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = endpoint.openDedicatedConnection("skiff-registry-writer");
            connection.setAutoCommit(false);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is being discarded because it failed; a close error adds nothing.
            }
            connection = null;
        }
    }

    private void pauseAfterFailure() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failAll(RuntimeException failure) {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            pending.result.completeExceptionally(failure);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completions.shutdown();
        closeConnection();
    }

    private record Pending(WriteOp op, CompletableFuture<WriteResult> result) {}

    private record Outcome(long previousRevision, List<WriteResult> results, List<Change> changes) {}
}
