package io.skiff.apiserver.storage;

/** The database could not be reached or failed a statement; the write may not have committed. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
