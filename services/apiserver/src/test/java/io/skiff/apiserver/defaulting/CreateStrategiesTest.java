package io.skiff.apiserver.defaulting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CreateStrategiesTest {

    private static final String ABSENT = "<absent>";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00.250Z"), ZoneOffset.UTC);
    private static final CreateStrategies STRATEGIES = CreateStrategies.builtin(CLOCK);

    static Stream<Arguments> cases() {
        return Stream.of(
                create(
                        "new pod is pending with its computed QoS class and loses any status sent",
                        Fixtures.type("v1", "Pod"),
                        """
                        metadata: {name: web, uid: u-1}
                        spec:
                          containers:
                          - name: web
                            image: nginx
                            resources:
                              requests: {cpu: 100m}
                        status:
                          phase: Running
                          podIP: 10.1.0.9
                        """,
                        Map.of("/status", "{phase: Pending, qosClass: Burstable}")),
                create(
                        "QoS class sent with a pod survives, as Kubernetes reads it before resetting status",
                        Fixtures.type("v1", "Pod"),
                        """
                        metadata: {name: web, uid: u-1}
                        spec:
                          containers: [{name: web, image: nginx}]
                        status: {qosClass: Guaranteed, phase: Running}
                        """,
                        Map.of("/status", "{phase: Pending, qosClass: Guaranteed}")),
                create(
                        "scheduling gates hold a pod with a PodScheduled=False condition",
                        Fixtures.type("v1", "Pod"),
                        """
                        metadata: {name: gated, uid: u-1}
                        spec:
                          schedulingGates: [{name: example.com/quota}]
                          containers: [{name: web, image: nginx}]
                        """,
                        Map.of("/status/conditions", """
                                - type: PodScheduled
                                  status: "False"
                                  reason: SchedulingGated
                                  message: Scheduling is blocked due to non-empty scheduling gates
                                  lastProbeTime: null
                                  lastTransitionTime: null
                                """)),
                create(
                        "pod affinity label keys become requirements on the pod's own label values",
                        Fixtures.type("v1", "Pod"),
                        """
                        metadata:
                          name: web
                          uid: u-1
                          labels: {app: web, pod-template-hash: abc}
                        spec:
                          containers: [{name: web, image: nginx}]
                          affinity:
                            podAntiAffinity:
                              requiredDuringSchedulingIgnoredDuringExecution:
                              - topologyKey: kubernetes.io/hostname
                                labelSelector:
                                  matchLabels: {app: web}
                                matchLabelKeys: [pod-template-hash, missing]
                                mismatchLabelKeys: [app]
                        """,
                        Map.of(
                                "/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/labelSelector",
                                """
                                matchLabels: {app: web}
                                matchExpressions:
                                - {key: pod-template-hash, operator: In, values: [abc]}
                                - {key: app, operator: NotIn, values: [web]}
                                """)),
                create(
                        "container AppArmor profiles are mirrored into the deprecated annotations",
                        Fixtures.type("v1", "Pod"),
                        """
                        metadata: {name: web, uid: u-1}
                        spec:
                          securityContext:
                            appArmorProfile: {type: RuntimeDefault}
                          containers:
                          - name: web
                            image: nginx
                          - name: sidecar
                            image: envoy
                            securityContext:
                              appArmorProfile: {type: Localhost, localhostProfile: envoy}
                        """,
                        Map.of("/metadata/annotations", """
                                container.apparmor.security.beta.kubernetes.io/web: runtime/default
                                container.apparmor.security.beta.kubernetes.io/sidecar: localhost/envoy
                                """)),
                create(
                        "deprecated AppArmor annotations are mirrored into container security contexts",
                        Fixtures.type("v1", "Pod"),
                        """
                        metadata:
                          name: web
                          uid: u-1
                          annotations:
                            container.apparmor.security.beta.kubernetes.io/web: unconfined
                            container.apparmor.security.beta.kubernetes.io/bad: localhost/
                        spec:
                          containers:
                          - name: web
                            image: nginx
                          - name: bad
                            image: nginx
                        """,
                        Map.of(
                                "/spec/containers/0/securityContext",
                                "{appArmorProfile: {type: Unconfined}}",
                                "/spec/containers/1/securityContext",
                                ABSENT)),
                create(
                        "new namespace is active and finalized by kubernetes",
                        Fixtures.type("v1", "Namespace"),
                        """
                        metadata: {name: team-a, uid: u-1}
                        spec:
                          finalizers: [example.com/cleanup]
                        status: {phase: Terminating}
                        """,
                        Map.of(
                                "/spec/finalizers", "[example.com/cleanup, kubernetes]",
                                "/status", "{phase: Active}",
                                "/metadata/labels", "{kubernetes.io/metadata.name: team-a}")),
                create(
                        "cluster IP service is single-stack IPv4 and its status is reset",
                        Fixtures.type("v1", "Service"),
                        """
                        metadata: {name: web, uid: u-1}
                        spec:
                          selector: {app: web}
                          ports: [{port: 80}]
                        status:
                          loadBalancer:
                            ingress: [{ip: 192.0.2.1}]
                        """,
                        Map.of(
                                "/spec/ipFamilyPolicy", "SingleStack",
                                "/spec/ipFamilies", "[IPv4]",
                                "/spec/clusterIP", ABSENT,
                                "/status", "{loadBalancer: {}}")),
                create(
                        "a requested cluster IP is listed in clusterIPs and gives the family",
                        Fixtures.type("v1", "Service"),
                        """
                        metadata: {name: web, uid: u-1}
                        spec:
                          clusterIP: fd00::10
                          ports: [{port: 80}]
                        """,
                        Map.of("/spec/clusterIPs", "[fd00::10]", "/spec/ipFamilies", "[IPv6]")),
                create(
                        "clusterIPs fill clusterIP",
                        Fixtures.type("v1", "Service"),
                        """
                        metadata: {name: web, uid: u-1}
                        spec:
                          clusterIPs: [10.96.0.20]
                          ports: [{port: 80}]
                        """,
                        Map.of("/spec/clusterIP", "10.96.0.20", "/spec/ipFamilies", "[IPv4]")),
                create(
                        "headless service with a selector is single-stack",
                        Fixtures.type("v1", "Service"),
                        """
                        metadata: {name: db, uid: u-1}
                        spec:
                          clusterIP: None
                          selector: {app: db}
                        """,
                        Map.of(
                                "/spec/clusterIPs", "[None]",
                                "/spec/ipFamilyPolicy", "SingleStack",
                                "/spec/ipFamilies", "[IPv4]")),
                create(
                        "headless service without a selector requires both families",
                        Fixtures.type("v1", "Service"),
                        """
                        metadata: {name: ext, uid: u-1}
                        spec:
                          clusterIP: None
                        """,
                        Map.of("/spec/ipFamilyPolicy", "RequireDualStack", "/spec/ipFamilies", "[IPv4, IPv6]")),
                create(
                        "external name service gets no IP families",
                        Fixtures.type("v1", "Service"),
                        """
                        metadata: {name: ext, uid: u-1}
                        spec:
                          type: ExternalName
                          externalName: db.example.com
                        """,
                        Map.of("/spec/ipFamilies", ABSENT, "/spec/ipFamilyPolicy", ABSENT)),
                create(
                        "new deployment is at generation 1 with an empty status",
                        Fixtures.type("apps/v1", "Deployment"),
                        """
                        metadata: {name: web, uid: u-1, generation: 7}
                        spec:
                          selector: {matchLabels: {app: web}}
                          template:
                            metadata: {labels: {app: web}}
                            spec: {containers: [{name: web, image: nginx}]}
                        status: {replicas: 3}
                        """,
                        Map.of("/metadata/generation", "1", "/status", "{}", "/spec/replicas", "1")),
                create(
                        "new replica set reports zero replicas",
                        Fixtures.type("apps/v1", "ReplicaSet"),
                        """
                        metadata: {name: web, uid: u-1}
                        spec: {}
                        status: {replicas: 3, readyReplicas: 3}
                        """,
                        Map.of("/status", "{replicas: 0}")),
                create(
                        "new daemon set carries template generation 1 in the apps/v1 annotation",
                        Fixtures.type("apps/v1", "DaemonSet"),
                        """
                        metadata:
                          name: agent
                          uid: u-1
                          annotations:
                            deprecated.daemonset.template.generation: "9"
                        spec: {}
                        """,
                        Map.of(
                                "/metadata/annotations", "{deprecated.daemonset.template.generation: \"1\"}",
                                "/metadata/generation", "1")),
                create(
                        "job selects its pods by uid and labels its template and itself",
                        Fixtures.type("batch/v1", "Job"),
                        """
                        metadata: {name: pi, uid: 8c1f-uid}
                        spec:
                          template:
                            spec:
                              restartPolicy: Never
                              containers: [{name: pi, image: perl}]
                        status: {succeeded: 1}
                        """,
                        Map.of(
                                "/spec/selector",
                                "{matchLabels: {batch.kubernetes.io/controller-uid: 8c1f-uid}}",
                                "/spec/template/metadata/labels",
                                """
                                batch.kubernetes.io/controller-uid: 8c1f-uid
                                batch.kubernetes.io/job-name: pi
                                controller-uid: 8c1f-uid
                                job-name: pi
                                """,
                                "/metadata/labels",
                                """
                                batch.kubernetes.io/controller-uid: 8c1f-uid
                                batch.kubernetes.io/job-name: pi
                                controller-uid: 8c1f-uid
                                job-name: pi
                                """,
                                "/metadata/generation",
                                "1",
                                "/status",
                                "{}")),
                create(
                        "job with a manual selector keeps selector and template labels",
                        Fixtures.type("batch/v1", "Job"),
                        """
                        metadata: {name: pi, uid: 8c1f-uid}
                        spec:
                          manualSelector: true
                          selector: {matchLabels: {app: pi}}
                          template:
                            metadata: {labels: {app: pi}}
                            spec: {containers: [{name: pi, image: perl}]}
                        """,
                        Map.of(
                                "/spec/selector", "{matchLabels: {app: pi}}",
                                "/spec/template/metadata/labels", "{app: pi}")),
                create(
                        "new persistent volume is pending since now",
                        Fixtures.type("v1", "PersistentVolume"),
                        """
                        metadata: {name: pv, uid: u-1}
                        spec: {capacity: {storage: 1Gi}}
                        status: {phase: Bound}
                        """,
                        Map.of("/status", "{phase: Pending, lastPhaseTransitionTime: \"2024-05-01T10:00:00Z\"}")),
                create(
                        "claim data source fills the data source reference",
                        Fixtures.type("v1", "PersistentVolumeClaim"),
                        """
                        metadata: {name: restore, uid: u-1}
                        spec:
                          dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: snap}
                        status: {phase: Bound}
                        """,
                        Map.of(
                                "/spec/dataSourceRef",
                                "{apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: snap}",
                                "/status",
                                "{phase: Pending}")),
                create(
                        "cross-namespace data source reference has no data source equivalent",
                        Fixtures.type("v1", "PersistentVolumeClaim"),
                        """
                        metadata: {name: restore, uid: u-1}
                        spec:
                          dataSourceRef: {kind: PersistentVolumeClaim, name: src, namespace: other}
                        """,
                        Map.of("/spec/dataSource", ABSENT)),
                create(
                        "local data source reference fills the data source",
                        Fixtures.type("v1", "PersistentVolumeClaim"),
                        """
                        metadata: {name: clone, uid: u-1}
                        spec:
                          dataSourceRef: {kind: PersistentVolumeClaim, name: src}
                        """,
                        Map.of("/spec/dataSource", "{kind: PersistentVolumeClaim, name: src}")),
                create(
                        "new ingress is at generation 1 with an empty load balancer status",
                        Fixtures.type("networking.k8s.io/v1", "Ingress"),
                        """
                        metadata: {name: web, uid: u-1}
                        spec: {}
                        status: {loadBalancer: {ingress: [{ip: 192.0.2.1}]}}
                        """,
                        Map.of("/metadata/generation", "1", "/status", "{loadBalancer: {}}")),
                create(
                        "autoscaler status is reset but generation is not tracked",
                        Fixtures.type("autoscaling/v2", "HorizontalPodAutoscaler"),
                        """
                        metadata: {name: web, uid: u-1}
                        spec: {maxReplicas: 3}
                        status: {desiredReplicas: 3}
                        """,
                        Map.of(
                                "/status",
                                "{currentMetrics: null, desiredReplicas: 0}",
                                "/metadata/generation",
                                ABSENT)),
                create(
                        "custom resource definition stores its storage version",
                        Fixtures.type("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
                        """
                        metadata: {name: widgets.example.com, uid: u-1}
                        spec:
                          group: example.com
                          names: {kind: Widget, plural: widgets}
                          scope: Namespaced
                          versions:
                          - {name: v1beta1, served: true, storage: false}
                          - {name: v1, served: true, storage: true}
                        """,
                        Map.of(
                                "/status/storedVersions", "[v1]",
                                "/status/acceptedNames", "{kind: \"\", plural: \"\"}",
                                "/metadata/generation", "1")),
                create(
                        "custom resource with a status subresource drops status and starts at generation 1",
                        Fixtures.type("example.com", "v1", "Widget", List.of("status")),
                        """
                        metadata: {name: w, uid: u-1}
                        spec: {size: 3}
                        status: {ready: true}
                        """,
                        Map.of("/status", ABSENT, "/metadata/generation", "1", "/spec", "{size: 3}")),
                create(
                        "custom resource without a status subresource keeps its status",
                        Fixtures.type("example.com", "v1", "Gadget", List.of()),
                        """
                        metadata: {name: g, uid: u-1}
                        status: {ready: true}
                        """,
                        Map.of("/status", "{ready: true}", "/metadata/generation", "1")),
                create(
                        "built-in kinds without generation tracking get none",
                        Fixtures.type("v1", "ConfigMap"),
                        """
                        metadata: {name: cfg, uid: u-1}
                        data: {a: b}
                        """,
                        Map.of("/metadata/generation", ABSENT, "/data", "{a: b}")));
    }

    private static Arguments create(String name, ResourceType type, String input, Map<String, String> expectations) {
        return Arguments.of(name, type, input, expectations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void preparesNewObjectsLikeKubernetes(
            String name, ResourceType type, String input, Map<String, String> expectations) {
        ObjectNode obj = Fixtures.yaml(input);

        STRATEGIES.prepareForCreate(type, obj);

        expectations.forEach((pointer, expected) -> {
            JsonNode actual = obj.at(pointer);
            if (expected.equals(ABSENT)) {
                assertThat(actual.isMissingNode()).as(pointer + " = " + actual).isTrue();
            } else {
                assertThat(actual).as(pointer).isEqualTo(Fixtures.node(expected));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void preparedObjectsAreFullyDefaulted(
            String name, ResourceType type, String input, Map<String, String> expectations) {
        ObjectNode prepared = Fixtures.yaml(input);
        STRATEGIES.prepareForCreate(type, prepared);

        ObjectNode readBack = prepared.deepCopy();
        ObjectDefaulting.builtin().applyDefaults(type, readBack);

        assertThat(readBack).isEqualTo(prepared);
    }

    @Test
    void jobWithoutUidCannotGetItsGeneratedSelector() {
        ObjectNode job = Fixtures.yaml("""
                metadata: {name: pi}
                spec:
                  template:
                    spec: {containers: [{name: pi, image: perl}]}
                """);

        assertThatThrownBy(() -> STRATEGIES.prepareForCreate(Fixtures.type("batch/v1", "Job"), job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata.uid");
    }
}
