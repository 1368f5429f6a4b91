package io.skiff.component.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.component.testing.SharedApiServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two candidates on a Lease of a real API server: its conflicts, its stored times. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeaderElectionOnApiServerTest {

    private static final LeaseTimings FAST =
            new LeaseTimings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(200));

    @Test
    void oneOfTwoCandidatesLeadsAndHandsOverOnStop() throws Exception {
        KubeHttp http = new KubeHttp(SharedApiServer.baseUrl());
        LeaderElector a = elector(http, "a");
        LeaderElector b = elector(http, "b");
        try {
            a.start();
            await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
            b.start();
            await().atMost(Duration.ofSeconds(3)).until(() -> b.getLeader().isPresent());
            Thread.sleep(600);
            assertThat(b.isLeader())
                    .as("the standby leaves a renewed lease alone")
                    .isFalse();

            KubeHttp.Reply stored = http.get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/skiff-it");
            assertThat(stored.code()).isEqualTo(200);
            assertThat(stored.text("/spec/holderIdentity")).isEqualTo("a");
            assertThat(stored.text("/spec/leaseDurationSeconds")).isEqualTo("2");
            assertThat(stored.text("/spec/renewTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

            a.stop();
            await().atMost(Duration.ofMillis(1500)).until(b::isLeader);
            Lease lease = KubeHttpLeaseLock.read(
                    http.get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/skiff-it"));
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("b");
            assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
        } finally {
            a.stop();
            b.stop();
        }
    }

    private static LeaderElector elector(KubeHttp http, String identity) {
        return new LeaderElector(
                new KubeHttpLeaseLock(http, "kube-system", "skiff-it", identity), FAST, true, List.of());
    }
}
