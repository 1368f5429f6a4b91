package io.skiff.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class KubeJsonTest {

    @Test
    void leaseMicroTimesRoundTripInKubernetesFormat() throws Exception {
        ZonedDateTime renewed = ZonedDateTime.of(2026, 11, 22, 6, 5, 4, 123_456_000, ZoneOffset.UTC);
        Lease lease = new LeaseBuilder()
                .withNewMetadata()
                .withName("kube-scheduler")
                .withNamespace("kube-system")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("host_1")
                .withLeaseDurationSeconds(15)
                .withRenewTime(renewed)
                .withAcquireTime(renewed)
                .endSpec()
                .build();

        String json = KubeJson.mapper().writeValueAsString(lease);
        JsonNode tree = KubeJson.mapper().readTree(json);
        assertThat(tree.at("/spec/renewTime").asText()).isEqualTo("2026-11-22T06:05:04.123456Z");

        Lease read = KubeJson.mapper().readValue(json, Lease.class);
        assertThat(read.getSpec().getRenewTime().toInstant()).isEqualTo(renewed.toInstant());
    }

    @Test
    void microTimesWrittenByKubernetesAreRead() throws Exception {
        Lease read = KubeJson.mapper()
                .readValue(
                        "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"n\"},"
                                + "\"spec\":{\"renewTime\":\"2026-01-02T03:04:05.000006Z\"}}",
                        Lease.class);
        assertThat(read.getSpec().getRenewTime().getNano()).isEqualTo(6_000);
    }
}
