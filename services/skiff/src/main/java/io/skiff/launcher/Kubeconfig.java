package io.skiff.launcher;

import io.skiff.apiserver.pki.CertificateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/** Writes the kubeconfig that points kubectl and client libraries at this cluster. */
final class Kubeconfig {

    /**
     * What an HTTPS cluster's kubeconfig carries: the cluster CA kubectl checks the server against,
     * and the admin's client certificate and key, embedded as {@code *-data} so the file stands alone.
     */
    record Credentials(Path certificateAuthority, CertificateFiles client) {}

    private Kubeconfig() {}

    /** A kubeconfig for a plain HTTP server, with no credentials. */
    static Path write(Path dataDir, String server) throws IOException {
        return write(dataDir, server, null);
    }

    /** A kubeconfig for {@code server}, with {@code credentials} when not null. */
    static Path write(Path dataDir, String server, Credentials credentials) throws IOException {
        String cluster = "    server: " + server + "\n";
        String user = "  user: {}\n";
        if (credentials != null) {
            cluster += "    certificate-authority-data: " + base64(credentials.certificateAuthority()) + "\n";
            user = "  user:\n"
                    + "    client-certificate-data: "
                    + base64(credentials.client().certificate()) + "\n"
                    + "    client-key-data: " + base64(credentials.client().privateKey()) + "\n";
        }
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: skiff
                  cluster:
                %scontexts:
                - name: skiff
                  context:
                    cluster: skiff
                    user: skiff-admin
                current-context: skiff
                users:
                - name: skiff-admin
                %s""".formatted(cluster, user);
        Path target = dataDir.resolve("kubeconfig.yaml");
        // Holds the admin's private key when there are credentials: readable by its owner only.
        Path temp = Files.createTempFile(dataDir, "kubeconfig", ".tmp");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(temp, yaml);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static String base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }
}
