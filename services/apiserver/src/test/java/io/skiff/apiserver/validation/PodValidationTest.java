package io.skiff.apiserver.validation;

import static io.skiff.apiserver.validation.TestObjects.Expected.cause;
import static io.skiff.apiserver.validation.TestObjects.assertCauses;
import static io.skiff.apiserver.validation.TestObjects.type;
import static io.skiff.apiserver.validation.TestObjects.with;
import static io.skiff.apiserver.validation.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.apiserver.validation.TestObjects.Expected;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodValidationTest {

    private static final ResourceType PODS = type("", "Pod", true);
    private static final ObjectValidation VALIDATION = ObjectValidation.builtin();
    private static final String REQUIRED = Causes.REQUIRED;
    private static final String INVALID = Causes.INVALID;
    private static final String NOT_SUPPORTED = Causes.NOT_SUPPORTED;
    private static final String FORBIDDEN = Causes.FORBIDDEN;

    static final ObjectNode POD = yaml("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              namespace: default
              uid: 6a1f3c52-0000-4000-8000-000000000001
              creationTimestamp: "2025-01-01T00:00:00Z"
              resourceVersion: "7"
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - {name: http, containerPort: 80, protocol: TCP}
                env:
                - {name: MODE, value: production}
                - name: POD_IP
                  valueFrom: {fieldRef: {fieldPath: status.podIP}}
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {cpu: "1", memory: 128Mi}
                volumeMounts:
                - {name: data, mountPath: /data}
                livenessProbe:
                  httpGet: {path: /healthz, port: http}
                  periodSeconds: 10
                readinessProbe:
                  tcpSocket: {port: 80}
              volumes:
              - name: data
                emptyDir: {sizeLimit: 1Gi}
              restartPolicy: Always
              tolerations:
              - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
            """);

    static Stream<Arguments> validPods() {
        return Stream.of(
                Arguments.of("the base pod", POD),
                Arguments.of("a pod with only a name and an image", yaml("""
                        metadata: {name: tiny, namespace: default}
                        spec:
                          containers: [{name: c, image: busybox}]
                        """)),
                Arguments.of(
                        "a sidecar init container with probes",
                        with(
                                POD,
                                "spec.initContainers",
                                "[{name: proxy, image: envoy, restartPolicy: Always,"
                                        + " readinessProbe: {exec: {command: [true]}}}]")),
                Arguments.of(
                        "host network with matching host port",
                        with(with(POD, "spec.hostNetwork", true), "spec.containers[0].ports[0].hostPort", 80)),
                Arguments.of(
                        "a downward API volume",
                        with(
                                POD,
                                "spec.volumes[1]",
                                "{name: info, downwardAPI: {items: [{path: labels,"
                                        + " fieldRef: {fieldPath: metadata.labels}}]}}")),
                Arguments.of(
                        "a token projection with a service account",
                        with(
                                with(POD, "spec.serviceAccountName", "builder"),
                                "spec.volumes[1]",
                                "{name: token, projected: {sources: [{serviceAccountToken: {path: token}}]}}")),
                Arguments.of(
                        "an extended resource with equal request and limit",
                        with(
                                POD,
                                "spec.containers[0].resources",
                                "{requests: {example.com/gpu: 1}, limits: {example.com/gpu: 1}}")),
                Arguments.of(
                        "required node affinity",
                        with(
                                POD,
                                "spec.affinity",
                                "{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
                                        + " {nodeSelectorTerms: [{matchExpressions: [{key: disk, operator: In, values: [ssd]}]}]}}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPods")
    void acceptsValidPods(String name, ObjectNode pod) {
        assertThat(VALIDATION.validateCreate(PODS, pod)).isEmpty();
    }

    static Stream<Arguments> invalidPods() {
        return Stream.of(
                invalid(
                        "no containers",
                        with(POD, "spec.containers", "[]"),
                        cause("spec.containers", REQUIRED, "Required value")),
                invalid(
                        "a container without an image",
                        with(POD, "spec.containers[0].image", null),
                        cause("spec.containers[0].image", REQUIRED, "Required value")),
                invalid(
                        "a container name that is not a DNS label",
                        with(POD, "spec.containers[0].name", "Web"),
                        cause(
                                "spec.containers[0].name",
                                INVALID,
                                "Invalid value: \"Web\": a lowercase RFC 1123 label"
                                        + " must consist of lower case alphanumeric characters or '-', and must start and end"
                                        + " with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for"
                                        + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")),
                invalid(
                        "an init container named like a container",
                        with(POD, "spec.initContainers", "[{name: web, image: busybox}]"),
                        cause("spec.initContainers[0].name", Causes.DUPLICATE, "Duplicate value: \"web\"")),
                invalid(
                        "a container port of 0",
                        with(POD, "spec.containers[0].ports[0].containerPort", 0),
                        cause("spec.containers[0].ports[0].containerPort", REQUIRED)),
                invalid(
                        "a container port above 65535",
                        with(POD, "spec.containers[0].ports[0].containerPort", 70000),
                        cause(
                                "spec.containers[0].ports[0].containerPort",
                                INVALID,
                                "Invalid value: 70000: must be between 1 and 65535, inclusive")),
                invalid(
                        "an unknown port protocol",
                        with(POD, "spec.containers[0].ports[0].protocol", "HTTP"),
                        cause(
                                "spec.containers[0].ports[0].protocol",
                                NOT_SUPPORTED,
                                "Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")),
                invalid(
                        "duplicate container port names",
                        with(POD, "spec.containers[0].ports[1]", "{name: http, containerPort: 81}"),
                        cause("spec.containers[0].ports[1].name", Causes.DUPLICATE)),
                invalid(
                        "an unknown restart policy",
                        with(POD, "spec.restartPolicy", "Sometimes"),
                        cause(
                                "spec.restartPolicy",
                                NOT_SUPPORTED,
                                "Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"")),
                invalid(
                        "an unknown DNS policy",
                        with(POD, "spec.dnsPolicy", "Custom"),
                        cause("spec.dnsPolicy", NOT_SUPPORTED)),
                invalid(
                        "DNS policy None without a DNS config",
                        with(POD, "spec.dnsPolicy", "None"),
                        cause(
                                "spec.dnsConfig",
                                REQUIRED,
                                "Required value: must provide `dnsConfig` when `dnsPolicy` is None")),
                invalid(
                        "a CPU request above its limit",
                        with(POD, "spec.containers[0].resources.requests.cpu", "2"),
                        cause(
                                "spec.containers[0].resources.requests",
                                INVALID,
                                "Invalid value: \"2\": must be less than or equal to cpu limit of 1")),
                invalid(
                        "a memory request that is not a quantity",
                        with(POD, "spec.containers[0].resources.requests.memory", "lots"),
                        cause(
                                "spec.containers[0].resources.requests[memory]",
                                INVALID,
                                "Invalid value: \"lots\": quantities must match the regular expression"
                                        + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")),
                invalid(
                        "a negative memory limit",
                        with(POD, "spec.containers[0].resources", "{limits: {memory: -1Mi}}"),
                        cause(
                                "spec.containers[0].resources.limits[memory]",
                                INVALID,
                                "Invalid value: \"-1Mi\": must be greater than or equal to 0")),
                invalid(
                        "an unknown unprefixed resource",
                        with(POD, "spec.containers[0].resources", "{limits: {gpu: 1}}"),
                        cause(
                                "spec.containers[0].resources.limits[gpu]",
                                INVALID,
                                "Invalid value: \"gpu\": must be a standard resource type or fully qualified"),
                        cause(
                                "spec.containers[0].resources.limits[gpu]",
                                INVALID,
                                "Invalid value: \"gpu\": must be a standard resource for containers")),
                invalid(
                        "an extended resource request without a limit",
                        with(POD, "spec.containers[0].resources", "{requests: {example.com/gpu: 1}}"),
                        cause(
                                "spec.containers[0].resources.limits",
                                REQUIRED,
                                "Required value: Limit must be set for non overcommitable resources")),
                invalid(
                        "a mount of a volume that does not exist",
                        with(POD, "spec.containers[0].volumeMounts[0].name", "cache"),
                        cause("spec.containers[0].volumeMounts[0].name", Causes.NOT_FOUND, "Not found: \"cache\"")),
                invalid(
                        "two mounts at one path",
                        with(POD, "spec.containers[0].volumeMounts[1]", "{name: data, mountPath: /data}"),
                        cause(
                                "spec.containers[0].volumeMounts[1].mountPath",
                                INVALID,
                                "Invalid value: \"/data\": must be unique")),
                invalid(
                        "duplicate volume names",
                        with(POD, "spec.volumes[1]", "{name: data, emptyDir: {}}"),
                        cause("spec.volumes[1].name", Causes.DUPLICATE, "Duplicate value: \"data\"")),
                invalid(
                        "a volume without a source",
                        with(POD, "spec.volumes[0]", "{name: data}"),
                        cause("spec.volumes[0]", REQUIRED, "Required value: must specify a volume type"),
                        cause("spec.containers[0].volumeMounts[0].name", Causes.NOT_FOUND)),
                invalid(
                        "a volume with two sources",
                        with(POD, "spec.volumes[0].hostPath", "{path: /tmp}"),
                        cause(
                                "spec.volumes[0].hostPath",
                                FORBIDDEN,
                                "Forbidden: may not specify more than 1 volume type"),
                        cause("spec.containers[0].volumeMounts[0].name", Causes.NOT_FOUND)),
                invalid(
                        "a secret volume without a secret name",
                        with(POD, "spec.volumes[1]", "{name: certs, secret: {defaultMode: 420}}"),
                        cause("spec.volumes[1].secret.secretName", REQUIRED)),
                invalid(
                        "a file mode above 0777",
                        with(POD, "spec.volumes[1]", "{name: certs, secret: {secretName: certs, defaultMode: 1024}}"),
                        cause(
                                "spec.volumes[1].secret.defaultMode",
                                INVALID,
                                "Invalid value: 1024: must be a number between 0 and 0777 (octal), both inclusive")),
                invalid(
                        "a probe without a handler",
                        with(POD, "spec.containers[0].livenessProbe", "{periodSeconds: 5}"),
                        cause(
                                "spec.containers[0].livenessProbe",
                                REQUIRED,
                                "Required value: must specify a handler type")),
                invalid(
                        "a probe with two handlers",
                        with(POD, "spec.containers[0].readinessProbe.exec", "{command: [true]}"),
                        cause(
                                "spec.containers[0].readinessProbe.tcpSocket",
                                FORBIDDEN,
                                "Forbidden: may not specify more than 1 handler type")),
                invalid(
                        "a liveness probe that must succeed twice",
                        with(POD, "spec.containers[0].livenessProbe.successThreshold", 2),
                        cause(
                                "spec.containers[0].livenessProbe.successThreshold",
                                INVALID,
                                "Invalid value: 2: must be 1")),
                invalid(
                        "a negative probe period",
                        with(POD, "spec.containers[0].livenessProbe.periodSeconds", -1),
                        cause(
                                "spec.containers[0].livenessProbe.periodSeconds",
                                INVALID,
                                "Invalid value: -1: must be greater than or equal to 0")),
                invalid(
                        "a probe on port 0",
                        with(POD, "spec.containers[0].readinessProbe.tcpSocket.port", 0),
                        cause("spec.containers[0].readinessProbe.tcpSocket.port", INVALID)),
                invalid(
                        "an environment variable without a name",
                        with(POD, "spec.containers[0].env[0].name", null),
                        cause("spec.containers[0].env[0].name", REQUIRED)),
                invalid(
                        "an environment variable from an unknown field",
                        with(POD, "spec.containers[0].env[1].valueFrom.fieldRef.fieldPath", "spec.schedulerName"),
                        cause("spec.containers[0].env[1].valueFrom.fieldRef.fieldPath", NOT_SUPPORTED)),
                invalid(
                        "an environment variable with a value and a source",
                        with(POD, "spec.containers[0].env[1].value", "10.0.0.1"),
                        cause(
                                "spec.containers[0].env[1].valueFrom",
                                INVALID,
                                "Invalid value: \"\": may not be specified when `value` is not empty")),
                invalid(
                        "an Exists toleration with a value",
                        with(POD, "spec.tolerations[0].value", "true"),
                        cause("spec.tolerations[0].operator", INVALID)),
                invalid(
                        "a toleration with an unknown effect",
                        with(POD, "spec.tolerations[0].effect", "NoRun"),
                        cause(
                                "spec.tolerations[0].effect",
                                INVALID,
                                "Invalid value: \"NoRun\": effect must be 'NoExecute' when `tolerationSeconds` is set"),
                        cause("spec.tolerations[0].effect", NOT_SUPPORTED)),
                invalid(
                        "an active deadline of 0",
                        with(POD, "spec.activeDeadlineSeconds", 0),
                        cause(
                                "spec.activeDeadlineSeconds",
                                INVALID,
                                "Invalid value: 0: must be between 1 and 2147483647, inclusive")),
                invalid(
                        "a node selector with an invalid value",
                        with(POD, "spec.nodeSelector", "{disk: fast ssd}"),
                        cause("spec.nodeSelector", INVALID)),
                invalid(
                        "two containers on one host port",
                        with(
                                with(POD, "spec.containers[0].ports[0].hostPort", 8080),
                                "spec.containers[1]",
                                "{name: other, image: busybox, ports: [{containerPort: 9090, hostPort: 8080}]}"),
                        cause(
                                "spec.containers[1].ports[0].hostPort",
                                Causes.DUPLICATE,
                                "Duplicate value: \"TCP//8080\"")),
                invalid(
                        "ephemeral containers on create",
                        with(POD, "spec.ephemeralContainers", "[{name: debug, image: busybox}]"),
                        cause("spec.ephemeralContainers", FORBIDDEN, "Forbidden: cannot be set on create")),
                invalid(
                        "an image with trailing whitespace",
                        with(POD, "spec.containers[0].image", "nginx "),
                        cause(
                                "spec.containers[0].image",
                                INVALID,
                                "Invalid value: \"nginx \": must not have leading or trailing whitespace")),
                invalid(
                        "a liveness probe on an init container",
                        with(
                                POD,
                                "spec.initContainers",
                                "[{name: init, image: busybox, livenessProbe: {exec: {command: [true]}}}]"),
                        cause(
                                "spec.initContainers[0].livenessProbe",
                                FORBIDDEN,
                                "Forbidden: may not be set for init containers without restartPolicy=Always")),
                invalid(
                        "a host network pod with a different host port",
                        with(with(POD, "spec.hostNetwork", true), "spec.containers[0].ports[0].hostPort", 8080),
                        cause(
                                "spec.containers[0].ports[0].hostPort",
                                INVALID,
                                "Invalid value: 8080: must match `containerPort` when `hostNetwork` is true")),
                invalid(
                        "a token projection without a service account",
                        with(
                                POD,
                                "spec.volumes[1]",
                                "{name: token, projected: {sources: [{serviceAccountToken: {path: token}}]}}"),
                        cause(
                                "spec.volumes[1].projected.sources[0].serviceAccountToken",
                                FORBIDDEN,
                                "Forbidden: must not be specified when serviceAccountName is not set")),
                invalid(
                        "a node affinity term with an unknown operator",
                        with(
                                POD,
                                "spec.affinity",
                                "{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
                                        + " {nodeSelectorTerms: [{matchExpressions: [{key: disk, operator: Like, values: [ssd]}]}]}}}"),
                        cause(
                                "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                                        + ".nodeSelectorTerms[0].matchExpressions[0].operator",
                                INVALID,
                                "Invalid value: \"Like\": not a valid selector operator")),
                invalid(
                        "a pod without a name",
                        with(POD, "metadata.name", null),
                        cause("metadata.name", REQUIRED, "Required value: name or generateName is required")),
                invalid(
                        "a pod without a namespace",
                        with(POD, "metadata.namespace", null),
                        cause("metadata.namespace", REQUIRED, "Required value")),
                invalid(
                        "a pod name with an underscore",
                        with(POD, "metadata.name", "Foo_Bar"),
                        cause(
                                "metadata.name",
                                INVALID,
                                "Invalid value: \"Foo_Bar\": a lowercase RFC 1123 subdomain must"
                                        + " consist of lower case alphanumeric characters, '-' or '.', and must start and end with"
                                        + " an alphanumeric character (e.g. 'example.com', regex used for validation is"
                                        + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPods")
    void rejectsInvalidPods(String name, ObjectNode pod, List<Expected> expected) {
        assertCauses(VALIDATION.validateCreate(PODS, pod), expected);
    }

    static Stream<Arguments> updates() {
        ObjectNode deleting = with(POD, "metadata.deletionTimestamp", "2025-01-02T00:00:00Z");
        ObjectNode withDeadline = with(POD, "spec.activeDeadlineSeconds", 100);
        return Stream.of(
                update("a new image", POD, with(POD, "spec.containers[0].image", "nginx:1.28")),
                update(
                        "an added toleration",
                        POD,
                        with(
                                POD,
                                "spec.tolerations[1]",
                                "{key: dedicated, operator: Equal, value: web, effect: NoSchedule}")),
                update("a lower active deadline", withDeadline, with(POD, "spec.activeDeadlineSeconds", 50)),
                update("new labels", POD, with(POD, "metadata.labels.tier", "frontend")),
                update(
                        "a removed finalizer while deleting",
                        with(deleting, "metadata.finalizers", "[example.com/x]"),
                        deleting),
                update(
                        "an added container",
                        POD,
                        with(POD, "spec.containers[1]", "{name: sidecar, image: busybox}"),
                        cause("spec.containers", FORBIDDEN, "Forbidden: pod updates may not add or remove containers")),
                update(
                        "a higher active deadline",
                        withDeadline,
                        with(POD, "spec.activeDeadlineSeconds", 200),
                        cause(
                                "spec.activeDeadlineSeconds",
                                INVALID,
                                "Invalid value: 200: must be less than or equal to previous value")),
                update(
                        "a removed active deadline",
                        withDeadline,
                        POD,
                        cause(
                                "spec.activeDeadlineSeconds",
                                INVALID,
                                "Invalid value: null: must not update from a positive integer to nil value")),
                update(
                        "a removed toleration",
                        POD,
                        with(POD, "spec.tolerations", null),
                        cause(
                                "spec.tolerations",
                                FORBIDDEN,
                                "Forbidden: existing toleration can not be modified except its tolerationSeconds")),
                update(
                        "a changed name",
                        POD,
                        with(POD, "metadata.name", "web2"),
                        cause("metadata.name", INVALID, "Invalid value: \"web2\": field is immutable")),
                update(
                        "a changed uid",
                        POD,
                        with(POD, "metadata.uid", "other"),
                        cause("metadata.uid", INVALID, "Invalid value: \"other\": field is immutable")),
                update(
                        "a changed namespace",
                        POD,
                        with(POD, "metadata.namespace", "prod"),
                        cause("metadata.namespace", INVALID, "Invalid value: \"prod\": field is immutable")),
                update(
                        "a finalizer added while deleting",
                        deleting,
                        with(deleting, "metadata.finalizers", "[example.com/x]"),
                        cause(
                                "metadata.finalizers",
                                FORBIDDEN,
                                "Forbidden: no new finalizers can be added if the object"
                                        + " is being deleted, found new finalizers []string{\"example.com/x\"}")),
                update(
                        "an unset deletion timestamp",
                        deleting,
                        POD,
                        cause("metadata.deletionTimestamp", INVALID, "Invalid value: null: field is immutable")),
                update(
                        "a decremented generation",
                        with(POD, "metadata.generation", 3),
                        with(POD, "metadata.generation", 2),
                        cause("metadata.generation", INVALID, "Invalid value: 2: must not be decremented")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void checksUpdates(String name, ObjectNode old, ObjectNode pod, List<Expected> expected) {
        assertCauses(VALIDATION.validateUpdate(PODS, pod, old), expected);
    }

    @Test
    void explainsWhichPodFieldsMayChange() {
        List<StatusCause> causes =
                VALIDATION.validateUpdate(PODS, with(POD, "spec.containers[0].ports[0].containerPort", 8080), POD);

        assertThat(causes).singleElement().satisfies(cause -> {
            assertThat(cause.getField()).isEqualTo("spec");
            assertThat(cause.getReason()).isEqualTo(FORBIDDEN);
            assertThat(cause.getMessage())
                    .isEqualTo(
                            "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                                    + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only"
                                    + " additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be"
                                    + " set to 1 if it was previously negative)\nchanged: spec.containers[0].ports[0].containerPort");
        });
    }

    static Stream<Arguments> statusUpdates() {
        ObjectNode running = with(with(POD, "status.phase", "Running"), "status.podIPs", "[{ip: 10.244.1.5}]");
        ObjectNode neverRestarts = with(POD, "spec.restartPolicy", "Never");
        ObjectNode terminated =
                with(neverRestarts, "status.containerStatuses", "[{name: web, state: {terminated: {exitCode: 0}}}]");
        return Stream.of(
                update("a running pod with its IP", POD, running),
                update("dual-stack pod IPs", POD, with(running, "status.podIPs[1]", "{ip: 'fd00::5'}")),
                update("a spec change is not a status matter", POD, with(running, "spec.containers[0].image", "other")),
                update(
                        "an invalid pod IP",
                        POD,
                        with(running, "status.podIPs[0].ip", "10.244.1"),
                        cause(
                                "status.podIPs[0]",
                                INVALID,
                                "Invalid value: \"10.244.1\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")),
                update(
                        "two IPv4 pod IPs",
                        POD,
                        with(running, "status.podIPs[1]", "{ip: 10.244.1.6}"),
                        cause("status.podIPs", INVALID)),
                update(
                        "a terminated container that starts again",
                        terminated,
                        with(neverRestarts, "status.containerStatuses", "[{name: web, state: {running: {}}}]"),
                        cause(
                                "status.containerStatuses[0].state",
                                FORBIDDEN,
                                "Forbidden: may not be transitioned to non-terminated state")),
                update(
                        "a custom condition type that is not a qualified name",
                        POD,
                        with(POD, "status.conditions", "[{type: 'my condition', status: 'True'}]"),
                        cause("status.conditions[0].type", INVALID)),
                update(
                        "a host IP that is not the first host IP",
                        POD,
                        with(with(POD, "status.hostIP", "192.168.1.1"), "status.hostIPs", "[{ip: 192.168.1.2}]"),
                        cause(
                                "status.hostIPs[0].ip",
                                INVALID,
                                "Invalid value: \"192.168.1.2\": must be equal to `hostIP`")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusUpdates")
    void checksStatusUpdates(String name, ObjectNode old, ObjectNode pod, List<Expected> expected) {
        assertCauses(VALIDATION.validateStatusUpdate(PODS, pod, old), expected);
    }

    static Arguments invalid(String name, ObjectNode pod, Expected... expected) {
        return Arguments.of(name, pod, List.of(expected));
    }

    static Arguments update(String name, ObjectNode old, ObjectNode updated, Expected... expected) {
        return Arguments.of(name, old, updated, List.of(expected));
    }
}
