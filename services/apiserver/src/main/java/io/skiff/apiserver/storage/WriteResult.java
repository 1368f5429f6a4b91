package io.skiff.apiserver.storage;

/** The outcome of one {@link WriteOp}. */
public sealed interface WriteResult {

    /** The write committed at {@code revision}; {@code data} is the stored (or deleted) object. */
    record Committed(long revision, byte[] data) implements WriteResult {}

    /** A create found the name taken. */
    record AlreadyExists() implements WriteResult {}

    /** An update or delete found another revision stored, or no object at all. */
    record RevisionMismatch() implements WriteResult {}

    /** Nothing was written: another object holds {@code allocation}. */
    record AllocationTaken(Allocation allocation) implements WriteResult {}
}
