package io.skiff.kubelet.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.kubelet.cri.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The requests of one pull against one repository of one registry (OCI distribution protocol),
 * with the authorization they earned: a 401 with a Bearer challenge fetches a token from the
 * challenge's realm (with the credentials as basic auth when given, anonymously otherwise); a
 * Basic challenge is answered with the credentials. Failures carry containerd's wording.
 */
final class RegistrySession {

    /** containerd's MaxManifestSize: larger manifests are rejected when resolving. */
    static final long MAX_MANIFEST_SIZE = 4L * 1048 * 1048;

    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_AUTH_ROUNDS = 5;
    private static final String USER_AGENT = "skiff-kubelet";

    private final HttpClient http;
    private final Duration timeout;
    private final Duration progressTimeout;
    private final RegistryEndpoint endpoint;
    private final ImageReference reference;
    private final RegistryCredentials credentials;
    private String authorization;

    /** A manifest the registry names: its digest, media type and size. */
    record Resolved(String digest, String mediaType, long size) {}

    /** A manifest's bytes as served, with the media type the registry gave them. */
    record Fetched(byte[] content, String mediaType) {}

    /**
     * @param timeout for connecting and for a response's headers
     * @param progressTimeout for a body that stops coming
     */
    RegistrySession(
            HttpClient http,
            Duration timeout,
            Duration progressTimeout,
            ImageReference reference,
            RegistryCredentials credentials) {
        this.http = http;
        this.timeout = timeout;
        this.progressTimeout = progressTimeout;
        this.endpoint = RegistryEndpoint.of(reference.registryHost());
        this.reference = reference;
        this.credentials = credentials;
    }

    /** HEAD of the reference's manifest: what the tag (or digest) names right now. */
    Resolved resolve() {
        String object = reference.object();
        Exchange exchange = send("HEAD", manifestPath(object), MediaTypes.MANIFEST_ACCEPT);
        HttpResponse<InputStream> response = exchange.response();
        close(response);
        int status = response.statusCode();
        if (status == 404) {
            throw new PullFailure(reference + ": not found", true);
        }
        if (status > 299) {
            throw unexpectedStatus(exchange);
        }
        String mediaType = mediaType(response);
        long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        String digest = reference.digest();
        if (digest == null) {
            Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
            if (header.isPresent() && size >= 0) {
                try {
                    digest = Digest.parse(header.get()).toString();
                } catch (InvalidReferenceException e) {
                    throw new PullFailure(
                            "\"" + header.get() + "\" in header not a valid digest: " + e.getMessage(), false);
                }
            }
        }
        if (digest == null || size < 0) {
            // No digest header: the manifest itself, hashed, is the answer.
            Fetched fetched = fetchManifest(object, MediaTypes.MANIFEST_ACCEPT);
            if (MediaTypes.DOCKER_SCHEMA1_MANIFEST.equals(fetched.mediaType())) {
                throw schema1();
            }
            if (digest == null) {
                digest = Digest.sha256(fetched.content()).toString();
            }
            size = fetched.content().length;
            mediaType = fetched.mediaType();
        }
        if (size > MAX_MANIFEST_SIZE) {
            throw new PullFailure("rejecting " + size + " byte manifest for " + reference + ": not found", true);
        }
        if (MediaTypes.DOCKER_SCHEMA1_MANIFEST.equals(mediaType)) {
            throw schema1();
        }
        return new Resolved(digest, mediaType, size);
    }

    /** GET of a manifest by digest or tag; at most {@link #MAX_MANIFEST_SIZE} bytes. */
    Fetched fetchManifest(String object, String accept) {
        Exchange exchange = send("GET", manifestPath(object), accept);
        HttpResponse<InputStream> response = exchange.response();
        checkFetched(exchange);
        try (InputStream body = new ProgressTimeoutInputStream(response.body(), progressTimeout)) {
            byte[] content = body.readNBytes((int) MAX_MANIFEST_SIZE + 1);
            if (content.length > MAX_MANIFEST_SIZE) {
                throw new PullFailure(
                        "rejecting manifest larger than " + MAX_MANIFEST_SIZE + " bytes for " + reference
                                + ": not found",
                        true);
            }
            return new Fetched(content, mediaType(response));
        } catch (IOException e) {
            throw new PullFailure("failed to copy: " + describe(e), e);
        }
    }

    /** GET of a blob, following the registry's redirects; the caller verifies what it reads. */
    InputStream openBlob(String digest) {
        Exchange exchange = send("GET", "/blobs/" + digest, "*/*");
        checkFetched(exchange);
        return new ProgressTimeoutInputStream(exchange.response().body(), progressTimeout);
    }

    private void checkFetched(Exchange exchange) {
        int status = exchange.response().statusCode();
        if (status == 200) {
            return;
        }
        close(exchange.response());
        if (status == 404) {
            throw new PullFailure(
                    "failed to copy: httpReadSeeker: failed open: content at " + exchange.uri()
                            + " not found: not found",
                    true);
        }
        throw unexpectedStatus(exchange).wrap("failed to copy: httpReadSeeker: failed open");
    }

    private String manifestPath(String object) {
        return "/manifests/" + object;
    }

    /** One request with its redirects and authorization rounds; the final response and URI. */
    private record Exchange(String method, URI uri, HttpResponse<InputStream> response) {}

    private Exchange send(String method, String path, String accept) {
        URI uri = endpoint.uri("/v2/" + reference.path() + path);
        String currentMethod = method;
        boolean sentBearerToken = false;
        boolean sentBasic = false;
        int redirects = 0;
        int authRounds = 0;
        boolean sameHost = true;
        while (true) {
            HttpResponse<InputStream> response = exchange(currentMethod, uri, accept, sameHost ? authorization : null);
            int status = response.statusCode();
            if (isRedirect(status) && response.headers().firstValue("Location").isPresent()) {
                close(response);
                if (++redirects > MAX_REDIRECTS) {
                    throw new PullFailure(
                            "failed to do request: " + goMethod(currentMethod) + " \"" + uri + "\": stopped after "
                                    + MAX_REDIRECTS + " redirects",
                            false);
                }
                URI next = uri.resolve(response.headers().firstValue("Location").get());
                // Credentials stay with the registry: never sent to the storage a blob redirects to.
                sameHost = sameHost && sameAuthority(endpoint.uri("/"), next);
                uri = next;
                continue;
            }
            if (status == 405 && currentMethod.equals("HEAD") && path.startsWith("/manifests/")) {
                // Registries that do not implement HEAD for manifests.
                close(response);
                currentMethod = "GET";
                continue;
            }
            if (status != 401 || !sameHost || ++authRounds > MAX_AUTH_ROUNDS) {
                return new Exchange(currentMethod, uri, response);
            }
            List<AuthChallenge> challenges =
                    AuthChallenge.parse(response.headers().allValues("WWW-Authenticate"));
            Optional<AuthChallenge> bearer = challenge(challenges, "bearer");
            Optional<AuthChallenge> basic = challenge(challenges, "basic");
            if (bearer.isPresent()) {
                String error = bearer.get().parameter("error");
                if (sentBearerToken) {
                    if (!error.isEmpty()) {
                        close(response);
                        throw new PullFailure(
                                "pull access denied, repository does not exist or may require authorization: "
                                        + "server message: " + error + ": authorization failed",
                                false);
                    }
                    return new Exchange(currentMethod, uri, response);
                }
                close(response);
                authorization = "Bearer " + fetchToken(bearer.get());
                sentBearerToken = true;
            } else if (basic.isPresent()) {
                if (sentBasic) {
                    return new Exchange(currentMethod, uri, response);
                }
                close(response);
                if (!hasCredentials()) {
                    throw new PullFailure(
                            "pull access denied, repository does not exist or may require authorization: "
                                    + "authorization failed: no basic auth credentials",
                            false);
                }
                authorization = basicAuthorization();
                sentBasic = true;
            } else {
                return new Exchange(currentMethod, uri, response);
            }
        }
    }

    private HttpResponse<InputStream> exchange(String method, URI uri, String accept, String authorizationHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", USER_AGENT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (authorizationHeader != null) {
            request.header("Authorization", authorizationHeader);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new PullFailure("failed to do request: " + goMethod(method) + " \"" + uri + "\": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullFailure("failed to do request: " + goMethod(method) + " \"" + uri + "\": interrupted", e);
        }
    }

    /** Bearer token for the challenge's realm, service and scope (this repository's pull scope by default). */
    private String fetchToken(AuthChallenge challenge) {
        String realm = challenge.parameter("realm");
        boolean withCredentials = hasCredentials();
        String failurePrefix = withCredentials
                ? "failed to authorize: failed to fetch oauth token: "
                : "failed to authorize: failed to fetch anonymous token: ";
        if (realm.isEmpty()) {
            throw new PullFailure(failurePrefix + "no realm specified for token auth challenge", false);
        }
        String scope = challenge.parameter("scope");
        if (scope.isEmpty()) {
            scope = "repository:" + reference.path() + ":pull";
        }
        StringBuilder query = new StringBuilder();
        if (!challenge.parameter("service").isEmpty()) {
            query.append("service=").append(encode(challenge.parameter("service")));
        }
        for (String s : scope.split(" ")) {
            if (!s.isEmpty()) {
                query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(s));
            }
        }
        URI tokenUri;
        try {
            tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        } catch (IllegalArgumentException e) {
            throw new PullFailure(failurePrefix + "invalid realm " + realm, e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri)
                .timeout(timeout)
                .header("User-Agent", USER_AGENT)
                .GET();
        if (withCredentials) {
            request.header("Authorization", basicAuthorization());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PullFailure(failurePrefix + "Get \"" + tokenUri + "\": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullFailure(failurePrefix + "interrupted", e);
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            throw new PullFailure(
                    failurePrefix + "unexpected status from GET request to " + tokenUri + ": "
                            + HttpStatusText.status(response.statusCode()),
                    false);
        }
        JsonNode body;
        try {
            body = OciJson.read(response.body(), "token response");
        } catch (IllegalArgumentException e) {
            throw new PullFailure(failurePrefix + "unable to decode token response: " + e.getMessage(), e);
        }
        String token = body.path("token").asText("");
        if (token.isEmpty()) {
            token = body.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new PullFailure(
                    failurePrefix + "authorization server did not include a token in the response", false);
        }
        return token;
    }

    private boolean hasCredentials() {
        return credentials != null
                && credentials.username() != null
                && !credentials.username().isEmpty()
                && credentials.password() != null
                && !credentials.password().isEmpty();
    }

    private String basicAuthorization() {
        String pair = credentials.username() + ":" + credentials.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<AuthChallenge> challenge(List<AuthChallenge> challenges, String scheme) {
        return challenges.stream().filter(c -> c.scheme().equals(scheme)).findFirst();
    }

    private static PullFailure unexpectedStatus(Exchange exchange) {
        return new PullFailure(
                "unexpected status from " + exchange.method() + " request to " + exchange.uri() + ": "
                        + HttpStatusText.status(exchange.response().statusCode()),
                false);
    }

    private PullFailure schema1() {
        return new PullFailure(
                "media type \"" + MediaTypes.DOCKER_SCHEMA1_MANIFEST
                        + "\" is no longer supported since containerd v2.0, please rebuild the image as \""
                        + MediaTypes.DOCKER_MANIFEST + "\" or \"" + MediaTypes.OCI_MANIFEST + "\": not implemented",
                false);
    }

    private static String mediaType(HttpResponse<?> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        int semicolon = contentType.indexOf(';');
        if (semicolon >= 0) {
            contentType = contentType.substring(0, semicolon);
        }
        contentType = contentType.trim();
        // registry.access.redhat.com served schema1 manifests as text/plain.
        return contentType.equals("text/plain") ? MediaTypes.DOCKER_SCHEMA1_MANIFEST : contentType;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameAuthority(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && String.valueOf(a.getAuthority()).equalsIgnoreCase(String.valueOf(b.getAuthority()));
    }

    private static String goMethod(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "dial tcp: i/o timeout";
        }
        if (e instanceof HttpTimeoutException || e instanceof InterruptedIOException) {
            return "context deadline exceeded";
        }
        if (e instanceof ConnectException) {
            return "connect: connection refused";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // The connection is discarded either way.
        }
    }
}
