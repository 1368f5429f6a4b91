package io.skiff.apiserver.storage;

/** Changes after a revision were asked for, but the log no longer reaches back that far. */
public class CompactedException extends RuntimeException {

    private final long requested;
    private final long compacted;

    public CompactedException(long requested, long compacted) {
        super("too old resource version: " + requested + " (" + compacted + ")", null, false, false);
        this.requested = requested;
        this.compacted = compacted;
    }

    public long requested() {
        return requested;
    }

    public long compacted() {
        return compacted;
    }
}
