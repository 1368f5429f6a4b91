package io.skiff.component.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How a component reaches the API servers ({@code skiff.apiserver.*}). Every setting has a
 * default, so the record can be built without Spring from {@link #defaults()} and the {@code with}
 * methods; unset (null) values take the defaults.
 *
 * @param urls the API servers, all active: requests go round-robin over the healthy ones and fail
 *     over when one is down (default {@code http://127.0.0.1:6443})
 * @param qps sustained requests per second, as client-go's QPS; 0 or less disables rate limiting
 *     (default 50)
 * @param burst requests that may go at once after a quiet spell, as client-go's Burst (default 100)
 * @param requestTimeout how long one attempt of a request may take, and how long a watch may take
 *     to start; an open watch is not cut (default 30 s)
 * @param maxResponseSize largest response body read into memory: a list or one watch event
 *     (default 64 MB)
 * @param retry retries of failed requests
 * @param circuitBreaker the circuit breaker in front of each API server
 * @param bearerToken sent as {@code Authorization: Bearer <token>} on every request, as
 *     client-go's BearerToken (default none); never printed
 * @param tls what an {@code https} URL's server is trusted by and the client presents
 */
@ConfigurationProperties("skiff.apiserver")
public record ApiClientProperties(
        List<URI> urls,
        Double qps,
        Integer burst,
        Duration requestTimeout,
        DataSize maxResponseSize,
        RetrySettings retry,
        CircuitBreakerSettings circuitBreaker,
        String bearerToken,
        TlsSettings tls) {

    public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:6443");

    public ApiClientProperties {
        urls = urls == null || urls.isEmpty() ? List.of(DEFAULT_URL) : List.copyOf(urls);
        qps = qps == null ? 50.0 : qps;
        burst = burst == null ? 100 : burst;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        maxResponseSize = maxResponseSize == null ? DataSize.ofMegabytes(64) : maxResponseSize;
        retry = retry == null ? RetrySettings.defaults() : retry;
        circuitBreaker = circuitBreaker == null ? CircuitBreakerSettings.defaults() : circuitBreaker;
        bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken.trim();
        tls = tls == null ? TlsSettings.defaults() : tls;
        if (burst < 1) {
            throw new IllegalArgumentException("skiff.apiserver.burst must be at least 1, got " + burst);
        }
    }

    /** Every setting at its default. */
    public static ApiClientProperties defaults() {
        return new ApiClientProperties(null, null, null, null, null, null, null, null, null);
    }

    public ApiClientProperties withUrls(List<URI> servers) {
        return new ApiClientProperties(
                servers, qps, burst, requestTimeout, maxResponseSize, retry, circuitBreaker, bearerToken, tls);
    }

    public ApiClientProperties withUrls(String... servers) {
        return withUrls(List.of(servers).stream().map(URI::create).toList());
    }

    public ApiClientProperties withRateLimit(double queriesPerSecond, int burstSize) {
        return new ApiClientProperties(
                urls,
                queriesPerSecond,
                burstSize,
                requestTimeout,
                maxResponseSize,
                retry,
                circuitBreaker,
                bearerToken,
                tls);
    }

    public ApiClientProperties withRequestTimeout(Duration timeout) {
        return new ApiClientProperties(
                urls, qps, burst, timeout, maxResponseSize, retry, circuitBreaker, bearerToken, tls);
    }

    public ApiClientProperties withRetry(RetrySettings settings) {
        return new ApiClientProperties(
                urls, qps, burst, requestTimeout, maxResponseSize, settings, circuitBreaker, bearerToken, tls);
    }

    public ApiClientProperties withCircuitBreaker(CircuitBreakerSettings settings) {
        return new ApiClientProperties(
                urls, qps, burst, requestTimeout, maxResponseSize, retry, settings, bearerToken, tls);
    }

    public ApiClientProperties withBearerToken(String token) {
        return new ApiClientProperties(
                urls, qps, burst, requestTimeout, maxResponseSize, retry, circuitBreaker, token, tls);
    }

    public ApiClientProperties withTls(TlsSettings settings) {
        return new ApiClientProperties(
                urls, qps, burst, requestTimeout, maxResponseSize, retry, circuitBreaker, bearerToken, settings);
    }

    /** As the record's own, but without the bearer token, which must not reach logs. */
    @Override
    public String toString() {
        return "ApiClientProperties[urls=" + urls + ", qps=" + qps + ", burst=" + burst + ", requestTimeout="
                + requestTimeout + ", maxResponseSize=" + maxResponseSize + ", retry=" + retry + ", circuitBreaker="
                + circuitBreaker + ", bearerToken=" + (bearerToken == null ? "none" : "<redacted>") + ", tls=" + tls
                + "]";
    }

    /**
     * Retries of failed requests: reads after 429, 5xx and connection failures; writes only when
     * they cannot have been applied (see {@link io.skiff.component.resilience.RetryRule}).
     *
     * @param maxAttempts attempts in all, the first included (default 5)
     * @param initialBackoff the wait before the first retry, doubled per retry, ±50 % jitter
     *     (default 100 ms); a Retry-After from the server replaces it
     * @param maxBackoff the longest wait between attempts (default 5 s)
     */
    public record RetrySettings(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff) {

        public RetrySettings {
            maxAttempts = maxAttempts == null ? 5 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofMillis(100) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        }

        public static RetrySettings defaults() {
            return new RetrySettings(null, null, null);
        }
    }

    /**
     * The circuit breaker in front of each API server. Connection failures, timeouts and 5xx
     * answers count as failures; once they reach the threshold the server gets no requests for
     * {@code waitInOpenState}, then a few probes decide whether it is back.
     *
     * @param failureRateThreshold percentage of failed calls that opens the breaker (default 50)
     * @param waitInOpenState how long an open breaker refuses calls (default 10 s)
     * @param slidingWindowSize the most recent calls the rate is computed over (default 20)
     * @param minimumNumberOfCalls calls needed before the rate counts (default 5)
     * @param permittedCallsInHalfOpenState probe calls after the wait (default 2)
     */
    public record CircuitBreakerSettings(
            Float failureRateThreshold,
            Duration waitInOpenState,
            Integer slidingWindowSize,
            Integer minimumNumberOfCalls,
            Integer permittedCallsInHalfOpenState) {

        public CircuitBreakerSettings {
            failureRateThreshold = failureRateThreshold == null ? 50f : failureRateThreshold;
            waitInOpenState = waitInOpenState == null ? Duration.ofSeconds(10) : waitInOpenState;
            slidingWindowSize = slidingWindowSize == null ? 20 : slidingWindowSize;
            minimumNumberOfCalls = minimumNumberOfCalls == null ? 5 : minimumNumberOfCalls;
            permittedCallsInHalfOpenState = permittedCallsInHalfOpenState == null ? 2 : permittedCallsInHalfOpenState;
        }

        public static CircuitBreakerSettings defaults() {
            return new CircuitBreakerSettings(null, null, null, null, null);
        }
    }

    /**
     * TLS towards {@code https} API server URLs, as a kubeconfig's cluster and user say it. PEM files;
     * the key unencrypted PKCS #8 (as {@code skiff server} writes them).
     *
     * @param certificateAuthority the CA the servers' certificates must chain to (default: the JVM's
     *     trusted CAs), as kubeconfig's {@code certificate-authority}
     * @param clientCertificate presented to the server, whose x509 authenticator reads the user from
     *     it (default none), as kubeconfig's {@code client-certificate}
     * @param clientKey the client certificate's key, as kubeconfig's {@code client-key}
     */
    public record TlsSettings(Path certificateAuthority, Path clientCertificate, Path clientKey) {

        public TlsSettings {
            if ((clientCertificate == null) != (clientKey == null)) {
                throw new IllegalArgumentException(
                        "skiff.apiserver.tls.client-certificate and client-key go together: got only "
                                + (clientCertificate == null ? "client-key" : "client-certificate"));
            }
        }

        public static TlsSettings defaults() {
            return new TlsSettings(null, null, null);
        }
    }
}
