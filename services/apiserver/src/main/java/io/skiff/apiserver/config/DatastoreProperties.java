package io.skiff.apiserver.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the registry lives.
 *
 * @param url external PostgreSQL as {@code postgres://user:pass@host:5432/db} or a JDBC URL; empty
 *     starts an embedded PostgreSQL under {@code dataDir}
 * @param dataDir where the embedded PostgreSQL keeps its data (survives restarts)
 * @param username user for a JDBC URL without credentials
 * @param password password for a JDBC URL without credentials
 * @param poolSize pooled connections for reads (writes use one dedicated connection)
 * @param minIdle pooled connections kept open while idle; the pool opens more, up to {@code
 *     poolSize}, when reads need them (each idle connection is a PostgreSQL backend of about 2 MB)
 * @param connectionTimeout how long a read waits for a pooled connection before it fails with 503
 *     ServiceUnavailable; while PostgreSQL is down, requests fail within this time instead of
 *     hanging, and the client retries
 * @param maxWriteBatch most writes committed in one transaction (group commit)
 * @param compactionInterval how often the change log is compacted; each compaction removes what
 *     was already older than the previous one, so watches can resume across at least one interval,
 *     as Kubernetes does with etcd
 */
@ConfigurationProperties("skiff.datastore")
public record DatastoreProperties(
        String url,
        @DefaultValue("${user.home}/.skiff") Path dataDir,
        String username,
        String password,
        @DefaultValue("8") int poolSize,
        @DefaultValue("2") int minIdle,
        @DefaultValue("3s") Duration connectionTimeout,
        @DefaultValue("512") int maxWriteBatch,
        @DefaultValue("5m") Duration compactionInterval) {

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
