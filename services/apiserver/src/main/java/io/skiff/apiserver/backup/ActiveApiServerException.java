package io.skiff.apiserver.backup;

/** An API server still serves from the datastore a restore would replace. */
public final class ActiveApiServerException extends RuntimeException {

    ActiveApiServerException(String message) {
        super(message);
    }
}
