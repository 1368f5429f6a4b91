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

/** Storage classes, claims and volumes, limit ranges, quotas and disruption budgets. */
class StorageAndPolicyValidationTest {

    private static final ObjectValidation VALIDATION = ObjectValidation.builtin();
    private static final ResourceType STORAGE_CLASSES = type("storage.k8s.io", "StorageClass", false);
    private static final ResourceType CLAIMS = type("", "PersistentVolumeClaim", true);
    private static final ResourceType VOLUMES = type("", "PersistentVolume", false);
    private static final ResourceType LIMIT_RANGES = type("", "LimitRange", true);
    private static final ResourceType QUOTAS = type("", "ResourceQuota", true);
    private static final ResourceType BUDGETS = type("policy", "PodDisruptionBudget", true);
    private static final String REQUIRED = Causes.REQUIRED;
    private static final String INVALID = Causes.INVALID;
    private static final String NOT_SUPPORTED = Causes.NOT_SUPPORTED;
    private static final String FORBIDDEN = Causes.FORBIDDEN;

    static final ObjectNode STORAGE_CLASS = yaml("""
            metadata: {name: fast}
            provisioner: rancher.io/local-path
            parameters: {type: ssd}
            reclaimPolicy: Delete
            volumeBindingMode: WaitForFirstConsumer
            """);
    static final ObjectNode CLAIM = yaml("""
            metadata: {name: data, namespace: default}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: fast
              resources: {requests: {storage: 1Gi}}
            """);
    static final ObjectNode VOLUME = yaml("""
            metadata: {name: pv-1}
            spec:
              capacity: {storage: 10Gi}
              accessModes: [ReadWriteOnce]
              persistentVolumeReclaimPolicy: Retain
              hostPath: {path: /srv/data, type: DirectoryOrCreate}
            """);
    static final ObjectNode LIMIT_RANGE = yaml("""
            metadata: {name: limits, namespace: default}
            spec:
              limits:
              - type: Container
                min: {cpu: 50m}
                max: {cpu: "2"}
                default: {cpu: 500m}
                defaultRequest: {cpu: 100m}
            """);
    static final ObjectNode QUOTA = yaml("""
            metadata: {name: quota, namespace: default}
            spec:
              hard: {pods: "10", requests.cpu: "4", count/deployments.apps: "5"}
              scopes: [NotTerminating]
            """);
    static final ObjectNode BUDGET = yaml("""
            metadata: {name: web, namespace: default}
            spec:
              minAvailable: 50%
              selector: {matchLabels: {app: web}}
            """);

    static Stream<Arguments> creates() {
        return Stream.of(
                create("a storage class", STORAGE_CLASSES, STORAGE_CLASS),
                create(
                        "a storage class without provisioner",
                        STORAGE_CLASSES,
                        with(STORAGE_CLASS, "provisioner", null),
                        cause("provisioner", REQUIRED)),
                create(
                        "an unknown reclaim policy",
                        STORAGE_CLASSES,
                        with(STORAGE_CLASS, "reclaimPolicy", "Recycle"),
                        cause(
                                "reclaimPolicy",
                                NOT_SUPPORTED,
                                "Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"")),
                create(
                        "an unknown binding mode",
                        STORAGE_CLASSES,
                        with(STORAGE_CLASS, "volumeBindingMode", "Later"),
                        cause("volumeBindingMode", NOT_SUPPORTED)),
                create("a claim", CLAIMS, CLAIM),
                create(
                        "a claim without access modes",
                        CLAIMS,
                        with(CLAIM, "spec.accessModes", null),
                        cause("spec.accessModes", REQUIRED, "Required value: at least 1 access mode is required")),
                create(
                        "a claim with an unknown access mode",
                        CLAIMS,
                        with(CLAIM, "spec.accessModes[0]", "ReadSometimes"),
                        cause("spec.accessModes", NOT_SUPPORTED)),
                create(
                        "a claim without a storage request",
                        CLAIMS,
                        with(CLAIM, "spec.resources", null),
                        cause("spec.resources[storage]", REQUIRED)),
                create(
                        "a claim for no storage",
                        CLAIMS,
                        with(CLAIM, "spec.resources.requests.storage", "0"),
                        cause("spec.resources[storage]", INVALID, "Invalid value: \"0\": must be greater than zero")),
                create(
                        "read-write-once-pod with another mode",
                        CLAIMS,
                        with(CLAIM, "spec.accessModes", "[ReadWriteOncePod, ReadOnlyMany]"),
                        cause("spec.accessModes", FORBIDDEN)),
                create("a volume", VOLUMES, VOLUME),
                create(
                        "a volume without capacity",
                        VOLUMES,
                        with(VOLUME, "spec.capacity", null),
                        cause("spec.capacity", REQUIRED),
                        cause("spec.capacity", NOT_SUPPORTED)),
                create(
                        "a volume without a source",
                        VOLUMES,
                        with(VOLUME, "spec.hostPath", null),
                        cause("spec", REQUIRED, "Required value: must specify a volume type")),
                create(
                        "a volume with two sources",
                        VOLUMES,
                        with(VOLUME, "spec.nfs", "{server: nfs.local, path: /exports}"),
                        cause("spec.nfs", FORBIDDEN)),
                create(
                        "a local volume without node affinity",
                        VOLUMES,
                        with(with(VOLUME, "spec.hostPath", null), "spec.local", "{path: /mnt/disk}"),
                        cause("spec.nodeAffinity", REQUIRED, "Required value: Local volume requires node affinity")),
                create(
                        "an unknown volume reclaim policy",
                        VOLUMES,
                        with(VOLUME, "spec.persistentVolumeReclaimPolicy", "Keep"),
                        cause("spec.persistentVolumeReclaimPolicy", NOT_SUPPORTED)),
                create("a limit range", LIMIT_RANGES, LIMIT_RANGE),
                create(
                        "a minimum above the maximum",
                        LIMIT_RANGES,
                        with(LIMIT_RANGE, "spec.limits[0].min.cpu", "3"),
                        cause(
                                "spec.limits[0].min[cpu]",
                                INVALID,
                                "Invalid value: \"3\": min value 3 is greater than max value 2"),
                        cause("spec.limits[0].defaultRequest[cpu]", INVALID),
                        cause("spec.limits[0].default[cpu]", INVALID)),
                create(
                        "a default request above the default",
                        LIMIT_RANGES,
                        with(LIMIT_RANGE, "spec.limits[0].defaultRequest.cpu", "600m"),
                        cause(
                                "spec.limits[0].defaultRequest[cpu]",
                                INVALID,
                                "Invalid value: \"600m\": default request value 600m is greater than default limit value 500m")),
                create(
                        "defaults for a whole pod",
                        LIMIT_RANGES,
                        with(LIMIT_RANGE, "spec.limits[0].type", "Pod"),
                        cause(
                                "spec.limits[0].default",
                                FORBIDDEN,
                                "Forbidden: may not be specified when `type` is 'Pod'"),
                        cause("spec.limits[0].defaultRequest", FORBIDDEN)),
                create(
                        "an unknown limit type",
                        LIMIT_RANGES,
                        with(LIMIT_RANGE, "spec.limits[0].type", "Node"),
                        cause("spec.limits[0].type", INVALID)),
                create("a resource quota", QUOTAS, QUOTA),
                create(
                        "a quota on an unknown resource",
                        QUOTAS,
                        with(QUOTA, "spec.hard.widgets", "1"),
                        cause(
                                "spec.hard[widgets]",
                                INVALID,
                                "Invalid value: \"widgets\": must be a standard resource type or fully qualified"),
                        cause(
                                "spec.hard[widgets]",
                                INVALID,
                                "Invalid value: \"widgets\": must be a standard resource for quota")),
                create(
                        "a fractional pod quota",
                        QUOTAS,
                        with(QUOTA, "spec.hard.pods", "2.5"),
                        cause("spec.hard[pods]", INVALID, "Invalid value: \"2.5\": must be an integer")),
                create(
                        "conflicting quota scopes",
                        QUOTAS,
                        with(QUOTA, "spec.scopes[1]", "Terminating"),
                        cause("spec.scopes", INVALID)),
                create("a disruption budget", BUDGETS, BUDGET),
                create(
                        "both minimum available and maximum unavailable",
                        BUDGETS,
                        with(BUDGET, "spec.maxUnavailable", 1),
                        cause("spec", INVALID)),
                create(
                        "a minimum above 100%",
                        BUDGETS,
                        with(BUDGET, "spec.minAvailable", "120%"),
                        cause("spec.minAvailable", INVALID, "Invalid value: \"120%\": must not be greater than 100%")),
                create(
                        "a negative maximum unavailable",
                        BUDGETS,
                        with(with(BUDGET, "spec.minAvailable", null), "spec.maxUnavailable", -1),
                        cause("spec.maxUnavailable", INVALID)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesOnCreate(String name, ResourceType type, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateCreate(type, object), expected);
    }

    static Stream<Arguments> updates() {
        ObjectNode bound = with(with(CLAIM, "status.phase", "Bound"), "status.capacity.storage", "1Gi");
        return Stream.of(
                update(
                        "a storage class with new labels",
                        STORAGE_CLASSES,
                        STORAGE_CLASS,
                        with(STORAGE_CLASS, "metadata.labels", "{default: 'true'}")),
                update(
                        "a storage class with new parameters",
                        STORAGE_CLASSES,
                        STORAGE_CLASS,
                        with(STORAGE_CLASS, "parameters.type", "hdd"),
                        cause("parameters", FORBIDDEN, "Forbidden: updates to parameters are forbidden.")),
                update(
                        "a storage class with a new provisioner",
                        STORAGE_CLASSES,
                        STORAGE_CLASS,
                        with(STORAGE_CLASS, "provisioner", "example.com/other"),
                        cause("provisioner", FORBIDDEN, "Forbidden: updates to provisioner are forbidden.")),
                update("a claim bound to a volume", CLAIMS, CLAIM, with(CLAIM, "spec.volumeName", "pv-1")),
                update(
                        "a claim without a class is given one (retroactive default class)",
                        CLAIMS,
                        with(CLAIM, "spec.storageClassName", null),
                        CLAIM),
                update(
                        "a claim with a class is given another",
                        CLAIMS,
                        CLAIM,
                        with(CLAIM, "spec.storageClassName", "slow"),
                        cause("spec", FORBIDDEN)),
                update(
                        "a bound claim that grows",
                        CLAIMS,
                        bound,
                        with(bound, "spec.resources.requests.storage", "2Gi")),
                update(
                        "a bound claim that shrinks",
                        CLAIMS,
                        with(bound, "spec.resources.requests.storage", "2Gi"),
                        with(bound, "spec.resources.requests.storage", "1Gi"),
                        cause("spec.resources.requests.storage", FORBIDDEN)),
                update(
                        "a claim with a new access mode",
                        CLAIMS,
                        CLAIM,
                        with(CLAIM, "spec.accessModes[0]", "ReadWriteMany"),
                        cause("spec", FORBIDDEN)),
                update(
                        "a volume with a new source",
                        VOLUMES,
                        VOLUME,
                        with(VOLUME, "spec.hostPath.path", "/srv/other"),
                        cause("spec.persistentvolumesource", FORBIDDEN)),
                update(
                        "a quota with new scopes",
                        QUOTAS,
                        QUOTA,
                        with(QUOTA, "spec.scopes", "[BestEffort]"),
                        cause("spec.scopes", INVALID)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesOnUpdate(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateUpdate(type, object, old), expected);
    }

    static Stream<Arguments> statusUpdates() {
        return Stream.of(
                update(
                        "budget counts",
                        BUDGETS,
                        BUDGET,
                        with(
                                BUDGET,
                                "status",
                                "{disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3}")),
                update(
                        "a negative disruption allowance",
                        BUDGETS,
                        BUDGET,
                        with(BUDGET, "status.disruptionsAllowed", -1),
                        cause("status.disruptionsAllowed", INVALID)),
                update(
                        "a budget condition without reason",
                        BUDGETS,
                        BUDGET,
                        with(
                                BUDGET,
                                "status.conditions",
                                "[{type: DisruptionAllowed, status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z'}]"),
                        cause("status.conditions[0].reason", REQUIRED, "Required value: must be set")),
                update("quota usage", QUOTAS, QUOTA, with(QUOTA, "status", "{hard: {pods: '10'}, used: {pods: '3'}}")),
                update(
                        "negative quota usage",
                        QUOTAS,
                        QUOTA,
                        with(QUOTA, "status.used.pods", "-1"),
                        cause("status.used[pods]", INVALID)));
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
