package io.skiff.apiserver.pki;

/** The cluster's certificates could not be made, read or written. */
public final class PkiException extends RuntimeException {

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
