package io.skiff.apiserver.audit;

/** How much of a request is recorded, from nothing to both bodies; later constants record more. */
public enum AuditLevel {
    None,
    Metadata,
    Request,
    RequestResponse;

    boolean atLeast(AuditLevel other) {
        return compareTo(other) >= 0;
    }
}
