package io.skiff.apiserver.encryption;

/** The encryption provider configuration cannot be used; the API server does not start with it. */
public final class InvalidEncryptionConfigurationException extends RuntimeException {

    public InvalidEncryptionConfigurationException(String message) {
        super(message);
    }
}
