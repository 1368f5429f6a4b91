package io.skiff.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes the kubeconfig that points kubectl and client libraries at this cluster. */
final class Kubeconfig {

    private Kubeconfig() {}

    static Path write(Path dataDir, String server) throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: skiff
                  cluster:
                    server: %s
                contexts:
                - name: skiff
                  context:
                    cluster: skiff
                    user: skiff-admin
                current-context: skiff
                users:
                - name: skiff-admin
                  user: {}
                """.formatted(server);
        Path target = dataDir.resolve("kubeconfig.yaml");
        Path temp = Files.createTempFile(dataDir, "kubeconfig", ".tmp");
        Files.writeString(temp, yaml);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
