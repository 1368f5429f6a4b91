package io.skiff.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.component.leaderelection.LeaderElector;
import io.skiff.component.leaderelection.LeaseTimings;
import io.skiff.component.testing.SharedApiServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two candidates on a Lease of a real API server through the API client: its conflicts, its stored times. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeaderElectionOnApiServerTest {

    private static final KubeClient CLIENT =
            KubeClient.create(ApiClientProperties.defaults().withUrls(SharedApiServer.baseUrl()));

    private static final LeaseTimings FAST =
            new LeaseTimings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(200));

    @Test
    void oneOfTwoCandidatesLeadsAndHandsOverOnStop() throws Exception {
        KubeHttp http = new KubeHttp(SharedApiServer.baseUrl());
        LeaderElector a = elector("a");
        LeaderElector b = elector("b");
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
            Lease lease =
                    CLIENT.resources(Lease.class).get("kube-system", "skiff-it").block(Duration.ofSeconds(5));
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("b");
            assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
        } finally {
            a.stop();
            b.stop();
        }
    }

    private static LeaderElector elector(String identity) {
        return new LeaderElector(
                new ClientLeaseLock(CLIENT, identity, "kube-system", "skiff-it"), FAST, true, List.of());
    }
}
