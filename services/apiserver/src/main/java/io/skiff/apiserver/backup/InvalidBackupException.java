package io.skiff.apiserver.backup;

/** The file is not a complete Skiff registry backup; a restore from it changes nothing. */
public final class InvalidBackupException extends RuntimeException {

    InvalidBackupException(String message) {
        super(message);
    }

    InvalidBackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
