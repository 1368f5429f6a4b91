package io.skiff.apiserver.storage;

/**
 * The database could not be reached or failed a statement before the commit: nothing was written
 * (see {@link CommitOutcomeUnknownException} for a failure during the commit itself).
 */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
