package io.skiff.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KindSupportTest {

    private final ProtobufDecoder decoder = ProtobufDecoder.builtin();

    @Test
    void builtInKindsOfEveryGroup() {
        assertThat(decoder.supports("v1", "Pod")).isTrue();
        assertThat(decoder.supports("v1", "Namespace")).isTrue();
        assertThat(decoder.supports("apps/v1", "Deployment")).isTrue();
        assertThat(decoder.supports("batch/v1", "Job")).isTrue();
        assertThat(decoder.supports("coordination.k8s.io/v1", "Lease")).isTrue();
        assertThat(decoder.supports("discovery.k8s.io/v1", "EndpointSlice")).isTrue();
        assertThat(decoder.supports("networking.k8s.io/v1", "Ingress")).isTrue();
        assertThat(decoder.supports("policy/v1", "Eviction")).isTrue();
        assertThat(decoder.supports("scheduling.k8s.io/v1", "PriorityClass")).isTrue();
        assertThat(decoder.supports("events.k8s.io/v1", "Event")).isTrue();
        assertThat(decoder.supports("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"))
                .isTrue();
        assertThat(decoder.supports("storage.k8s.io/v1", "StorageClass")).isTrue();
        assertThat(decoder.supports("autoscaling/v1", "Scale")).isTrue();
        assertThat(decoder.supports("authentication.k8s.io/v1", "TokenRequest")).isTrue();
    }

    @Test
    void deleteOptionsInEveryGroupVersionAndInMeta() {
        assertThat(decoder.supports("v1", "DeleteOptions")).isTrue();
        assertThat(decoder.supports("apps/v1", "DeleteOptions")).isTrue();
        assertThat(decoder.supports("meta.k8s.io/v1", "DeleteOptions")).isTrue();
    }

    @Test
    void notKindsOrNotInThatGroup() {
        assertThat(decoder.supports("apps/v1", "Pod")).isFalse();
        assertThat(decoder.supports("v1", "PodTemplateSpec")).isFalse();
        assertThat(decoder.supports("v1", "PodList")).isFalse();
        assertThat(decoder.supports("example.com/v1", "Widget")).isFalse();
    }
}
