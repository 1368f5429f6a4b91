package io.skiff.apiserver.defaulting;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Defaulting runs before validation, so it must survive any shape and leave rejecting it to validation. */
class MalformedObjectsTest {

    private static final List<String> KINDS = List.of(
            "v1/Pod",
            "v1/PodTemplate",
            "v1/ReplicationController",
            "v1/Service",
            "v1/Endpoints",
            "v1/Namespace",
            "v1/Secret",
            "v1/PersistentVolume",
            "v1/PersistentVolumeClaim",
            "v1/LimitRange",
            "v1/ResourceQuota",
            "v1/Node",
            "apps/v1/Deployment",
            "apps/v1/ReplicaSet",
            "apps/v1/DaemonSet",
            "apps/v1/StatefulSet",
            "batch/v1/Job",
            "batch/v1/CronJob",
            "autoscaling/v1/HorizontalPodAutoscaler",
            "autoscaling/v2/HorizontalPodAutoscaler",
            "networking.k8s.io/v1/NetworkPolicy",
            "networking.k8s.io/v1/Ingress",
            "networking.k8s.io/v1/IngressClass",
            "discovery.k8s.io/v1/EndpointSlice",
            "policy/v1/PodDisruptionBudget",
            "rbac.authorization.k8s.io/v1/RoleBinding",
            "storage.k8s.io/v1/StorageClass",
            "storage.k8s.io/v1/CSIDriver",
            "storage.k8s.io/v1/VolumeAttachment",
            "scheduling.k8s.io/v1/PriorityClass",
            "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy",
            "apiextensions.k8s.io/v1/CustomResourceDefinition");

    private static final List<String> BODIES = List.of("""
            metadata: {name: x, uid: u}
            spec: text
            status: [1]
            roleRef: 3
            subjects: {}
            webhooks: w
            """, """
            metadata: {name: x, uid: u}
            spec:
              containers: c
              initContainers: [1, null, x]
              volumes: {a: 1}
              template: t
              ports: [{port: "80", targetPort: null}, 5]
              selector: []
              strategy: s
              updateStrategy: []
              jobTemplate: 3
              type: 5
              clusterIP: 7
              clusterIPs: x
              ipFamilies: v4
              finalizers: {}
              limits: l
              hard: []
              capacity: {storage: {}}
              resources: {limits: [], requests: 3}
              names: 4
              conversion: c
              behavior: []
              metrics: 1
              podFailurePolicy: {rules: {}}
              schedulingGates: g
              dataSource: []
              affinity:
                podAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - labelSelector: []
                    matchLabelKeys: k
            """, """
            metadata: {name: x, uid: u, labels: l, annotations: []}
            spec:
              hostNetwork: "true"
              template:
                metadata: m
                spec:
                  securityContext: {appArmorProfile: 1}
                  containers:
                  - name: 1
                    image: 2
                    resources: r
                    ports: p
                    env: [{valueFrom: v}, {valueFrom: {fieldRef: f}}]
                    livenessProbe: p
                    lifecycle: []
                  volumes:
                  - name: v
                    projected: {sources: s}
                    ephemeral: {volumeClaimTemplate: {spec: 1}}
              volumeClaimTemplates: [1, {spec: []}]
            status: null
            """);

    static Stream<Arguments> cases() {
        return KINDS.stream().flatMap(kind -> BODIES.stream().map(body -> Arguments.of(kind, body)));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("cases")
    void defaultingAndCreateStrategiesLeaveMalformedObjectsToValidation(String kind, String body) {
        int slash = kind.lastIndexOf('/');
        ResourceType type = Fixtures.type(kind.substring(0, slash), kind.substring(slash + 1));
        ObjectNode obj = Fixtures.yaml(body);

        assertThatCode(() -> {
                    ObjectDefaulting.builtin().applyDefaults(type, obj);
                    CreateStrategies.builtin().prepareForCreate(type, obj);
                })
                .doesNotThrowAnyException();
    }
}
