package io.skiff.apiserver.validation;

import static io.skiff.apiserver.validation.TestObjects.Expected.cause;
import static io.skiff.apiserver.validation.TestObjects.assertCauses;
import static io.skiff.apiserver.validation.TestObjects.type;
import static io.skiff.apiserver.validation.TestObjects.with;
import static io.skiff.apiserver.validation.TestObjects.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.validation.TestObjects.Expected;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadValidationTest {

    private static final ObjectValidation VALIDATION = ObjectValidation.builtin();
    private static final ResourceType DEPLOYMENTS = type("apps", "Deployment", true);
    private static final ResourceType REPLICA_SETS = type("apps", "ReplicaSet", true);
    private static final ResourceType DAEMON_SETS = type("apps", "DaemonSet", true);
    private static final ResourceType STATEFUL_SETS = type("apps", "StatefulSet", true);
    private static final ResourceType CONTROLLERS = type("", "ReplicationController", true);
    private static final ResourceType POD_TEMPLATES = type("", "PodTemplate", true);
    private static final String REQUIRED = Causes.REQUIRED;
    private static final String INVALID = Causes.INVALID;
    private static final String NOT_SUPPORTED = Causes.NOT_SUPPORTED;
    private static final String FORBIDDEN = Causes.FORBIDDEN;
    private static final String MISMATCH =
            "Invalid value: {\"app\":\"api\"}: `selector` does not match template `labels`";

    static final ObjectNode DEPLOYMENT = yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: default, uid: d-1, resourceVersion: "3"}
            spec:
              replicas: 3
              selector:
                matchLabels: {app: web}
                matchExpressions: [{key: tier, operator: In, values: [frontend]}]
              strategy:
                type: RollingUpdate
                rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}
              template:
                metadata:
                  labels: {app: web, tier: frontend}
                spec:
                  containers: [{name: web, image: nginx}]
            """);

    static final ObjectNode DAEMON_SET = with(with(DEPLOYMENT, "kind", "DaemonSet"), "spec.strategy", null);
    static final ObjectNode STATEFUL_SET =
            with(with(with(DEPLOYMENT, "kind", "StatefulSet"), "spec.strategy", null), "spec.serviceName", "web");
    static final ObjectNode REPLICA_SET = with(with(DEPLOYMENT, "kind", "ReplicaSet"), "spec.strategy", null);
    static final ObjectNode CONTROLLER = yaml("""
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: web, namespace: default}
            spec:
              replicas: 2
              selector: {app: web}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: nginx}]
            """);

    static Stream<Arguments> creates() {
        return Stream.of(
                create("a deployment", DEPLOYMENTS, DEPLOYMENT),
                create(
                        "a deployment relying on the default strategy",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.strategy", null)),
                create("a recreate deployment", DEPLOYMENTS, with(DEPLOYMENT, "spec.strategy", "{type: Recreate}")),
                create(
                        "a deployment without a selector",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.selector", null),
                        cause("spec.selector", REQUIRED, "Required value"),
                        cause("spec.template.metadata.labels", INVALID)),
                create(
                        "a deployment whose selector misses the template",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.template.metadata.labels", "{app: api}"),
                        cause("spec.template.metadata.labels", INVALID, MISMATCH)),
                create(
                        "a deployment with an empty selector",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.selector", "{}"),
                        cause("spec.selector", INVALID, "Invalid value: {}: empty selector is invalid for deployment")),
                create(
                        "a selector with an unknown operator",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.selector.matchExpressions[0].operator", "Like"),
                        cause("spec.selector.matchExpressions[0].operator", INVALID),
                        cause("spec.selector", INVALID)),
                create(
                        "negative replicas",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.replicas", -1),
                        cause("spec.replicas", INVALID, "Invalid value: -1: must be greater than or equal to 0")),
                create(
                        "surge and unavailable both 0",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.strategy.rollingUpdate", "{maxSurge: 0, maxUnavailable: '0%'}"),
                        cause(
                                "spec.strategy.rollingUpdate.maxUnavailable",
                                INVALID,
                                "Invalid value: \"0%\": may not be 0 when `maxSurge` is 0")),
                create(
                        "more than 100% unavailable",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.strategy.rollingUpdate.maxUnavailable", "150%"),
                        cause(
                                "spec.strategy.rollingUpdate.maxUnavailable",
                                INVALID,
                                "Invalid value: \"150%\": must not be greater than 100%")),
                create(
                        "a surge that is not a percentage",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.strategy.rollingUpdate.maxSurge", "ten"),
                        cause("spec.strategy.rollingUpdate.maxSurge", INVALID)),
                create(
                        "recreate with rolling parameters",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.strategy.type", "Recreate"),
                        cause(
                                "spec.strategy.rollingUpdate",
                                FORBIDDEN,
                                "Forbidden: may not be specified when strategy `type` is 'Recreate'")),
                create(
                        "an unknown strategy",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.strategy", "{type: BlueGreen}"),
                        cause(
                                "spec.strategy",
                                NOT_SUPPORTED,
                                "Unsupported value: {\"type\":\"BlueGreen\"}: supported values: \"Recreate\", \"RollingUpdate\"")),
                create(
                        "a template that does not restart",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.template.spec.restartPolicy", "OnFailure"),
                        cause(
                                "spec.template.spec.restartPolicy",
                                NOT_SUPPORTED,
                                "Unsupported value: \"OnFailure\": supported values: \"Always\"")),
                create(
                        "a template with an active deadline",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.template.spec.activeDeadlineSeconds", 60),
                        cause(
                                "spec.template.spec.activeDeadlineSeconds",
                                FORBIDDEN,
                                "Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported")),
                create(
                        "a template container without an image",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.template.spec.containers[0].image", null),
                        cause("spec.template.spec.containers[0].image", REQUIRED)),
                create(
                        "a template with ephemeral containers",
                        DEPLOYMENTS,
                        with(DEPLOYMENT, "spec.template.spec.ephemeralContainers", "[{name: debug, image: busybox}]"),
                        cause(
                                "spec.template.spec.ephemeralContainers",
                                FORBIDDEN,
                                "Forbidden: ephemeral containers not allowed in pod template")),
                create(
                        "a progress deadline not above min ready seconds",
                        DEPLOYMENTS,
                        with(with(DEPLOYMENT, "spec.minReadySeconds", 30), "spec.progressDeadlineSeconds", 30),
                        cause(
                                "spec.progressDeadlineSeconds",
                                INVALID,
                                "Invalid value: 30: must be greater than minReadySeconds")),
                create("a replica set", REPLICA_SETS, REPLICA_SET),
                create(
                        "a replica set with a mismatched template",
                        REPLICA_SETS,
                        with(REPLICA_SET, "spec.template.metadata.labels", "{app: api}"),
                        cause("spec.template.metadata.labels", INVALID, MISMATCH)),
                create("a daemon set", DAEMON_SETS, DAEMON_SET),
                create(
                        "a daemon set with surge and unavailable",
                        DAEMON_SETS,
                        with(
                                DAEMON_SET,
                                "spec.updateStrategy",
                                "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 1}}"),
                        cause(
                                "spec.updateStrategy.rollingUpdate.maxSurge",
                                INVALID,
                                "Invalid value: 1: may not be set when maxUnavailable is non-zero")),
                create(
                        "a daemon set with neither surge nor unavailable",
                        DAEMON_SETS,
                        with(DAEMON_SET, "spec.updateStrategy", "{rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}"),
                        cause(
                                "spec.updateStrategy.rollingUpdate.maxUnavailable",
                                REQUIRED,
                                "Required value: cannot be 0 when maxSurge is 0")),
                create(
                        "a daemon set with an empty selector",
                        DAEMON_SETS,
                        with(DAEMON_SET, "spec.selector", "{}"),
                        cause("spec.selector", INVALID, "Invalid value: {}: empty selector is invalid for daemonset")),
                create(
                        "a daemon set that does not restart",
                        DAEMON_SETS,
                        with(DAEMON_SET, "spec.template.spec.restartPolicy", "Never"),
                        cause("spec.template.spec.restartPolicy", NOT_SUPPORTED)),
                create("a stateful set", STATEFUL_SETS, STATEFUL_SET),
                create(
                        "a stateful set with a dotted name",
                        STATEFUL_SETS,
                        with(STATEFUL_SET, "metadata.name", "web.v1"),
                        cause("metadata.name", INVALID, "Invalid value: \"web.v1\": must not contain dots")),
                create(
                        "a stateful set with an unknown pod management policy",
                        STATEFUL_SETS,
                        with(STATEFUL_SET, "spec.podManagementPolicy", "Random"),
                        cause(
                                "spec.podManagementPolicy",
                                INVALID,
                                "Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'")),
                create(
                        "a stateful set with on-delete rolling parameters",
                        STATEFUL_SETS,
                        with(STATEFUL_SET, "spec.updateStrategy", "{type: OnDelete, rollingUpdate: {partition: 1}}"),
                        cause("spec.updateStrategy.rollingUpdate", INVALID)),
                create(
                        "a stateful set without a selector",
                        STATEFUL_SETS,
                        with(STATEFUL_SET, "spec.selector", null),
                        cause("spec.selector", REQUIRED),
                        cause("spec.template.metadata.labels", INVALID)),
                create("a replication controller", CONTROLLERS, CONTROLLER),
                create(
                        "a replication controller defaulting its selector",
                        CONTROLLERS,
                        with(CONTROLLER, "spec.selector", null)),
                create(
                        "a replication controller without selector or labels",
                        CONTROLLERS,
                        with(with(CONTROLLER, "spec.selector", null), "spec.template.metadata.labels", null),
                        cause("spec.selector", REQUIRED)),
                create(
                        "a replication controller without a template",
                        CONTROLLERS,
                        with(CONTROLLER, "spec.template", null),
                        cause("spec.template", REQUIRED)),
                create(
                        "a replication controller with a mismatched template",
                        CONTROLLERS,
                        with(CONTROLLER, "spec.template.metadata.labels", "{app: api}"),
                        cause("spec.template.metadata.labels", INVALID, MISMATCH)),
                create("a pod template", POD_TEMPLATES, yaml("""
                        metadata: {name: base, namespace: default}
                        template:
                          spec:
                            containers: [{name: c, image: busybox}]
                        """)),
                create(
                        "a pod template without containers",
                        POD_TEMPLATES,
                        yaml("""
                        metadata: {name: base, namespace: default}
                        template: {spec: {}}
                        """),
                        cause("template.spec.containers", REQUIRED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesOnCreate(String name, ResourceType type, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateCreate(type, object), expected);
    }

    static Stream<Arguments> updates() {
        return Stream.of(
                update("a scaled deployment", DEPLOYMENTS, DEPLOYMENT, with(DEPLOYMENT, "spec.replicas", 5)),
                update(
                        "a deployment with a new image",
                        DEPLOYMENTS,
                        DEPLOYMENT,
                        with(DEPLOYMENT, "spec.template.spec.containers[0].image", "nginx:2")),
                update(
                        "a deployment with a changed selector",
                        DEPLOYMENTS,
                        DEPLOYMENT,
                        with(
                                with(DEPLOYMENT, "spec.selector.matchLabels.app", "api"),
                                "spec.template.metadata.labels.app",
                                "api"),
                        cause("spec.selector", INVALID)),
                update(
                        "a replica set with a changed selector",
                        REPLICA_SETS,
                        REPLICA_SET,
                        with(REPLICA_SET, "spec.selector.matchExpressions", null),
                        cause("spec.selector", INVALID)),
                update(
                        "a daemon set with a changed selector",
                        DAEMON_SETS,
                        DAEMON_SET,
                        with(DAEMON_SET, "spec.selector.matchExpressions", null),
                        cause("spec.selector", INVALID)),
                update(
                        "a stateful set with a new template and replicas",
                        STATEFUL_SETS,
                        STATEFUL_SET,
                        with(
                                with(STATEFUL_SET, "spec.replicas", 1),
                                "spec.template.spec.containers[0].image",
                                "nginx:2")),
                update(
                        "a stateful set with a new service name",
                        STATEFUL_SETS,
                        STATEFUL_SET,
                        with(STATEFUL_SET, "spec.serviceName", "other"),
                        cause(
                                "spec",
                                FORBIDDEN,
                                "Forbidden: updates to statefulset spec for fields other than 'replicas',"
                                        + " 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and"
                                        + " 'minReadySeconds' are forbidden")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesOnUpdate(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateUpdate(type, object, old), expected);
    }

    static Stream<Arguments> statusUpdates() {
        ObjectNode status =
                with(DEPLOYMENT, "status", "{replicas: 3, readyReplicas: 3, availableReplicas: 2, collisionCount: 1}");
        return Stream.of(
                update("consistent deployment counts", DEPLOYMENTS, DEPLOYMENT, status),
                update(
                        "more ready than existing replicas",
                        DEPLOYMENTS,
                        DEPLOYMENT,
                        with(status, "status.readyReplicas", 4),
                        cause(
                                "status.readyReplicas",
                                INVALID,
                                "Invalid value: 4: cannot be greater than status.replicas")),
                update(
                        "more available than ready",
                        DEPLOYMENTS,
                        DEPLOYMENT,
                        with(status, "status.readyReplicas", 1),
                        cause(
                                "status.availableReplicas",
                                INVALID,
                                "Invalid value: 2: cannot be greater than readyReplicas")),
                update(
                        "a decremented collision count",
                        DEPLOYMENTS,
                        status,
                        with(status, "status.collisionCount", 0),
                        cause("status.collisionCount", INVALID, "Invalid value: 0: cannot be decremented")),
                update(
                        "a negative observed generation",
                        REPLICA_SETS,
                        REPLICA_SET,
                        with(REPLICA_SET, "status.observedGeneration", -1),
                        cause(
                                "status.observedGeneration",
                                INVALID,
                                "Invalid value: -1: must be greater than or equal to 0")),
                update(
                        "fully labeled replicas above replicas",
                        REPLICA_SETS,
                        REPLICA_SET,
                        with(REPLICA_SET, "status", "{replicas: 1, fullyLabeledReplicas: 2}"),
                        cause(
                                "status.fullyLabeledReplicas",
                                INVALID,
                                "Invalid value: 2: cannot be greater than status.replicas")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusUpdates")
    void validatesStatus(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateStatusUpdate(type, object, old), expected);
    }

    static Arguments create(String name, ResourceType type, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, object, List.of(expected));
    }

    static Arguments update(String name, ResourceType type, ObjectNode old, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, old, object, List.of(expected));
    }
}
