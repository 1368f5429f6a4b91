package io.skiff.component.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service-account token read from its file and read again once it is older than the reload
 * period, as client-go's cached file token source does (every minute for in-cluster clients): the
 * kubelet rewrites projected tokens well before they expire, and a process must pick the new one
 * up without restarting. A failed re-read keeps the last token, which is still valid for a while.
 */
public final class ServiceAccountTokenFile implements BearerTokenSource {

    private static final Logger log = LoggerFactory.getLogger(ServiceAccountTokenFile.class);

    private final Path file;
    private final Duration reloadPeriod;
    private final Clock clock;
    private Cached cached;

    private record Cached(String token, Instant readAt) {}

    public ServiceAccountTokenFile(Path file, Duration reloadPeriod, Clock clock) {
        if (reloadPeriod.isNegative()) {
            throw new IllegalArgumentException("token reload period must not be negative, got " + reloadPeriod);
        }
        this.file = file;
        this.reloadPeriod = reloadPeriod;
        this.clock = clock;
    }

    public ServiceAccountTokenFile(Path file, Duration reloadPeriod) {
        this(file, reloadPeriod, Clock.systemUTC());
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized String token() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.readAt().plus(reloadPeriod))) {
            return cached.token();
        }
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            cached = new Cached(token.isEmpty() ? null : token, now);
        } catch (IOException e) {
            if (cached == null) {
                log.warn("cannot read the service account token {}: {}; sending none", file, e.toString());
                return null;
            }
            log.warn("cannot read the service account token {} again: {}; keeping the last one", file, e.toString());
            // Try again at the next period, not on every request.
            cached = new Cached(cached.token(), now);
        }
        return cached.token();
    }

    @Override
    public String toString() {
        return "ServiceAccountTokenFile[" + file + ", reloaded every " + reloadPeriod + "]";
    }
}
