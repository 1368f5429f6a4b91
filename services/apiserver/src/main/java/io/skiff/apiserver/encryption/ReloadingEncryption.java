package io.skiff.apiserver.encryption;

import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.ValueTransformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encryption whose configuration file is read again while the server runs, as kube-apiserver's
 * {@code --encryption-provider-config-automatic-reload}: the file is checked every interval and,
 * when its content changed and is valid, the new providers take over for the next read or write. An
 * invalid file is logged and counted, and the providers in use stay. Counted in
 * {@code apiserver_encryption_config_controller_automatic_reloads_total{status="success"|"failure"}}.
 */
public final class ReloadingEncryption implements ValueTransformer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReloadingEncryption.class);

    private final Path file;
    private final MeterRegistry meters;
    private final ScheduledExecutorService executor;
    private volatile ResourceEncryption current;
    private byte[] digest;

    public ReloadingEncryption(Path file, Duration interval, MeterRegistry meters) {
        this.file = file;
        this.meters = meters;
        this.current = EncryptionConfigurationFile.load(file);
        this.digest = digestOf(file);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skiff-encryption-config-reload");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Reads the file again if its content changed; returns whether new providers took over. */
    boolean reloadIfChanged() {
        byte[] latest = digestOf(file);
        if (latest == null || Arrays.equals(latest, digest)) {
            return false;
        }
        try {
            ResourceEncryption loaded = EncryptionConfigurationFile.load(file);
            current = loaded;
            digest = latest;
            count("success");
            log.info("Encryption provider configuration {} reloaded", file);
            return true;
        } catch (InvalidEncryptionConfigurationException e) {
            // Kept as failed so the same broken content is not reported every interval.
            digest = latest;
            count("failure");
            log.error("Encryption provider configuration not reloaded, the providers in use stay: {}", e.getMessage());
            return false;
        }
    }

    private void count(String status) {
        meters.counter("apiserver_encryption_config_controller_automatic_reloads_total", "status", status)
                .increment();
    }

    private static byte[] digestOf(Path file) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            log.warn("Cannot read the encryption provider configuration {}: {}", file, e.toString());
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] toStorage(RegistryKey key, byte[] plain) {
        return current.toStorage(key, plain);
    }

    @Override
    public byte[] fromStorage(RegistryKey key, byte[] stored) {
        return current.fromStorage(key, stored);
    }

    @Override
    public boolean isStale(RegistryKey key, byte[] stored) {
        return current.isStale(key, stored);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
