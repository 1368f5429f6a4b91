package io.skiff.apiserver.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the change log bounded. Each run removes the changes up to the revision that was current
 * at the previous run, so the log always reaches back at least one compaction interval (Kubernetes
 * compacts etcd the same way). Several API servers may run it; it is idempotent.
 */
public final class Compactor {

    private static final Logger log = LoggerFactory.getLogger(Compactor.class);

    private final DataSource dataSource;
    private final RegistryReader reader;
    private long pendingTarget = -1;

    public Compactor(DataSource dataSource, RegistryReader reader) {
        this.dataSource = dataSource;
        this.reader = reader;
    }

    /** One periodic step: compact to what was current last time, remember what is current now. */
    public synchronized void tick() {
        long current = reader.currentRevision();
        if (pendingTarget > 0) {
            compactTo(pendingTarget);
        }
        pendingTarget = current;
    }

    /** Removes every change at or below {@code target}; watches from older revisions then get 410. */
    public void compactTo(long target) {
        try (Connection conn = dataSource.getConnection()) {
            boolean autoCommit = conn.getAutoCommit();
            conn.setAutoCommit(false);
            try (PreparedStatement mark = conn.prepareStatement(
                            "UPDATE skiff_revision SET compacted = ? WHERE id = 1 AND compacted < ?");
                    PreparedStatement delete = conn.prepareStatement("DELETE FROM skiff_change WHERE revision <= ?")) {
                // Delete first and mark last: the revision row lock, which every writer needs, is
                // then held only for the moment before commit. Readers see both or neither.
                delete.setLong(1, target);
                int removed = delete.executeUpdate();
                mark.setLong(1, target);
                mark.setLong(2, target);
                if (mark.executeUpdate() == 0) {
                    conn.rollback();
                    return;
                }
                conn.commit();
                log.info("Compacted the change log to revision {} ({} changes removed)", target, removed);
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StorageUnavailableException("compaction failed: " + e.getMessage(), e);
        }
    }
}
