package io.skiff.apiserver.encryption;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Encryption at rest.
 *
 * @param encryptionProviderConfig an EncryptionConfiguration file, as kube-apiserver's
 *     {@code --encryption-provider-config}; unset (the default) stores every object as plain JSON
 */
@ConfigurationProperties("skiff.apiserver")
public record EncryptionProperties(Path encryptionProviderConfig) {}
