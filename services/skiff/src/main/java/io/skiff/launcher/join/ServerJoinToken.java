package io.skiff.launcher.join;

import io.fabric8.kubernetes.api.model.Secret;
import io.skiff.apiserver.pki.PublicKeyPin;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import io.skiff.kubelet.config.HostIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code skiff server}'s node join token, as k3s keeps its own: made on first start and written to
 * {@code DATA_DIR/server/token} (mode 0600), read from there on every later start. Its bootstrap
 * token Secret is created through the API server, like every component's objects, whenever it is
 * missing, so deleting the Secret and restarting brings the same token back.
 */
public final class ServerJoinToken {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ServerJoinToken() {}

    /** Where the token is kept under the data directory. */
    public static Path file(Path dataDir) {
        return dataDir.resolve("server").resolve("token");
    }

    /**
     * The server's token: the one in the token file, else a new one written there, carrying {@code
     * authority} (the cluster CA's pin; null when the server speaks plain HTTP); its Secret made
     * through {@code client} if absent. Says so on standard error when the Secret found there does
     * not accept the token (an administrator changed or expired it).
     */
    public static JoinToken ensure(Path dataDir, ApiClientProperties client, PublicKeyPin authority)
            throws IOException {
        JoinToken token = readOrCreate(file(dataDir), authority);
        try (KubeClient kube = KubeClient.create(client)) {
            Optional<Secret> existing = kube.resources(Secret.class)
                    .find(BootstrapTokenSecret.NAMESPACE, token.secretName())
                    .blockOptional(TIMEOUT);
            if (existing.isEmpty()) {
                kube.resources(Secret.class)
                        .create(BootstrapTokenSecret.forServerToken(token))
                        .onErrorResume(ApiErrors::isAlreadyExists, e -> Mono.empty())
                        .block(TIMEOUT);
            } else {
                BootstrapTokenSecret.check(existing.get(), token, Instant.now())
                        .ifPresent(rejection -> System.err.printf(
                                "Warning: agents cannot join with the token in %s: %s.%n",
                                file(dataDir), rejection.message()));
            }
        }
        return token;
    }

    /**
     * What the server prints for joining a machine: the agent command with an address other
     * machines can use (this machine's when the server listens on every address), or, when it
     * listens on loopback only, how to change that.
     */
    public static String joinInstructions(String scheme, String bindAddress, int port, Path dataDir) {
        boolean everywhere = bindAddress.equals("0.0.0.0") || bindAddress.equals("::");
        boolean loopback =
                bindAddress.startsWith("127.") || bindAddress.equals("localhost") || bindAddress.equals("::1");
        String host = everywhere ? HostIdentity.address() : bindAddress;
        return String.format(
                "Join another machine as a node%s:%n%n  skiff agent --server %s://%s:%d --token $(cat %s)%n%n",
                loopback ? " (the server listens on loopback only: start it with --bind-address 0.0.0.0)" : "",
                scheme,
                host.contains(":") ? "[" + host + "]" : host,
                port,
                file(dataDir));
    }

    /**
     * The token in {@code file}, made if there is none; written again when the CA's pin it carries is
     * not {@code authority}'s (a token from before the server spoke HTTPS, or from a plain HTTP run).
     */
    private static JoinToken readOrCreate(Path file, PublicKeyPin authority) throws IOException {
        JoinToken token;
        if (Files.exists(file)) {
            try {
                token = JoinToken.parse(Files.readString(file));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " does not hold a join token (" + JoinToken.FORMAT_DESCRIPTION
                        + "); remove it and restart to have a new one made");
            }
            if (Objects.equals(token.authority(), authority)) {
                return token;
            }
        } else {
            Files.createDirectories(file.getParent());
            token = JoinToken.generate();
        }
        token = token.pinnedTo(authority);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, token.joinValue() + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return token;
    }
}
