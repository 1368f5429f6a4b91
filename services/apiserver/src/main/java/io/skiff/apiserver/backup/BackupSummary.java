package io.skiff.apiserver.backup;

import java.time.Instant;

/**
 * What a backup holds, or what a restore put back.
 *
 * @param revision the registry's revision the snapshot was taken at
 * @param created when the snapshot was taken
 * @param objects stored objects
 * @param allocations cluster IPs and node ports held by Services
 */
public record BackupSummary(long revision, Instant created, long objects, long allocations) {}
