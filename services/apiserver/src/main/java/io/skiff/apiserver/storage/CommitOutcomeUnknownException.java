package io.skiff.apiserver.storage;

/**
 * The connection failed while the commit itself was under way: PostgreSQL may or may not have
 * committed the write. Unlike a plain {@link StorageUnavailableException}, where nothing was written,
 * the client must read before it concludes that the write is lost.
 */
public final class CommitOutcomeUnknownException extends StorageUnavailableException {

    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
