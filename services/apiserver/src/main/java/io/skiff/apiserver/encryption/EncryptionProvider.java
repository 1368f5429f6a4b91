package io.skiff.apiserver.encryption;

import java.security.GeneralSecurityException;

/**
 * One key of one provider: stored values it writes start with its {@link #prefix()}
 * ({@code k8s:enc:aesgcm:v1:<keyname>:}), followed by what {@link #seal} returns.
 */
interface EncryptionProvider {

    /** Marks the values this provider wrote; empty for identity, which reads anything unmarked. */
    String prefix();

    /**
     * @param authenticatedData bound to the result where the cipher allows (AES-GCM): the value only
     *     opens with the same data, i.e. in the same row
     */
    byte[] seal(byte[] plain, byte[] authenticatedData) throws GeneralSecurityException;

    /** @throws GeneralSecurityException if the value is altered or was sealed with another key */
    byte[] open(byte[] sealed, byte[] authenticatedData) throws GeneralSecurityException;
}
