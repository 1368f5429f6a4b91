package io.skiff.apiserver.encryption;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Encryption at rest.
 *
 * @param encryptionProviderConfig an EncryptionConfiguration file, as kube-apiserver's
 *     {@code --encryption-provider-config}; unset (the default) stores every object as plain JSON
 * @param encryptionProviderConfigAutomaticReload read the file again when it changes, as
 *     {@code --encryption-provider-config-automatic-reload}; off by default (read once at start)
 * @param encryptionProviderConfigReloadInterval how often the file is checked for changes
 */
@ConfigurationProperties("skiff.apiserver")
public record EncryptionProperties(
        Path encryptionProviderConfig,
        @DefaultValue("false") boolean encryptionProviderConfigAutomaticReload,
        @DefaultValue("1m") Duration encryptionProviderConfigReloadInterval) {}
