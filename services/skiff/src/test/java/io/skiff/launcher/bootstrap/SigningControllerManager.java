package io.skiff.launcher.bootstrap;

import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.component.boot.ComponentApplication;
import io.skiff.controllermanager.ControllerManagerApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real controller manager as the bootstrap tests run it: quick leader election, and the
 * csrsigning controller signing with the test's cluster CA. The caller gives the API server's URL
 * and the manager's credentials as command-line settings.
 */
public final class SigningControllerManager {

    private SigningControllerManager() {}

    static ConfigurableApplicationContext start(ClusterPki pki, String... connection) {
        return start(pki.caCertificate(), pki.caCertificate().resolveSibling("ca.key"), connection);
    }

    /** The same, signing with the CA certificate and key in these PEM files. */
    public static ConfigurableApplicationContext start(Path caCertificate, Path caKey, String... connection) {
        List<String> args = new ArrayList<>(List.of(connection));
        args.addAll(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--skiff.leader-election.lease-duration=3s",
                "--skiff.leader-election.renew-deadline=2s",
                "--skiff.leader-election.retry-period=500ms",
                "--skiff.controllers.cluster-signing.cert-file=" + caCertificate,
                "--skiff.controllers.cluster-signing.key-file=" + caKey));
        return ComponentApplication.builder(ControllerManagerApplication.class, "controller-manager")
                .run(args.toArray(String[]::new));
    }
}
