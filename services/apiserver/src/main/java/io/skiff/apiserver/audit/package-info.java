/**
 * The audit log, as kube-apiserver's {@code --audit-policy-file} and {@code --audit-log-*}: an
 * audit.k8s.io/v1 Policy decides per request what to record, {@link AuditFilter} builds the
 * audit.k8s.io/v1 Events of each stage, and a bounded queue hands them to a writer thread that
 * appends JSON lines to a size-rotated file, so no request ever waits on the disk.
 */
package io.skiff.apiserver.audit;
