package io.skiff.apiserver.validation;

import static io.skiff.apiserver.validation.TestObjects.Expected.cause;
import static io.skiff.apiserver.validation.TestObjects.assertCauses;
import static io.skiff.apiserver.validation.TestObjects.type;
import static io.skiff.apiserver.validation.TestObjects.with;
import static io.skiff.apiserver.validation.TestObjects.withKey;
import static io.skiff.apiserver.validation.TestObjects.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.validation.TestObjects.Expected;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The metadata rules every kind shares, and the name format of each kind. */
class MetadataValidationTest {

    private static final ObjectValidation VALIDATION = ObjectValidation.builtin();
    private static final ResourceType CONFIG_MAPS = type("", "ConfigMap", true);
    private static final ResourceType NAMESPACES = type("", "Namespace", false);
    private static final ResourceType CLUSTER_ROLES = type("rbac.authorization.k8s.io", "ClusterRole", false);
    private static final ResourceType SERVICES = type("", "Service", true);
    private static final ResourceType WIDGETS = type("example.com", "Widget", true);
    private static final String REQUIRED = Causes.REQUIRED;
    private static final String INVALID = Causes.INVALID;
    private static final String FORBIDDEN = Causes.FORBIDDEN;

    static final ObjectNode CONFIG_MAP = yaml("""
            metadata:
              name: settings
              namespace: default
              uid: 11111111-2222-3333-4444-555555555555
              labels: {app.kubernetes.io/name: web, tier: ""}
              annotations: {Example.com/Owner: team-a}
              finalizers: [example.com/cleanup, kubernetes]
              ownerReferences:
              - {apiVersion: apps/v1, kind: Deployment, name: web, uid: d-1, controller: true}
            data: {a: b}
            """);

    static Stream<Arguments> creates() {
        return Stream.of(
                create("metadata with labels, annotations, finalizers and an owner", CONFIG_MAPS, CONFIG_MAP),
                create("a generated name", CONFIG_MAPS, with(CONFIG_MAP, "metadata.generateName", "settings-")),
                create("a namespace", NAMESPACES, yaml("{metadata: {name: team-a}}")),
                create(
                        "a namespace name with dots",
                        NAMESPACES,
                        yaml("{metadata: {name: team.a}}"),
                        cause("metadata.name", INVALID, "Invalid value: \"team.a\": must not contain dots")),
                create(
                        "a namespace inside a namespace",
                        NAMESPACES,
                        yaml("{metadata: {name: team-a, namespace: default}}"),
                        cause("metadata.namespace", FORBIDDEN, "Forbidden: not allowed on this type")),
                create("an RBAC name with colons", CLUSTER_ROLES, yaml("{metadata: {name: 'system:controller:x'}}")),
                create(
                        "an RBAC name with a slash",
                        CLUSTER_ROLES,
                        yaml("{metadata: {name: 'a/b'}}"),
                        cause("metadata.name", INVALID, "Invalid value: \"a/b\": may not contain '/'")),
                create(
                        "a service name starting with a digit",
                        SERVICES,
                        yaml("{metadata: {name: 1web, namespace: d}, spec: {ports: [{port: 80}]}}"),
                        cause(
                                "metadata.name",
                                INVALID,
                                "Invalid value: \"1web\": a DNS-1035 label must consist of lower"
                                        + " case alphanumeric characters or '-', start with an alphabetic character, and end with an"
                                        + " alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is"
                                        + " '[a-z]([-a-z0-9]*[a-z0-9])?')")),
                create(
                        "a custom resource with a subdomain name",
                        WIDGETS,
                        yaml("{metadata: {name: my.widget, namespace: d, finalizers: [custom]}}")),
                create(
                        "a custom resource with an uppercase name",
                        WIDGETS,
                        yaml("{metadata: {name: Widget, namespace: d}}"),
                        cause("metadata.name", INVALID)),
                create(
                        "a namespace that is not a DNS label",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.namespace", "Team_A"),
                        cause("metadata.namespace", INVALID)),
                create(
                        "a label key with two slashes",
                        CONFIG_MAPS,
                        withKey(CONFIG_MAP, "metadata.labels", "a/b/c", "x"),
                        cause("metadata.labels", INVALID)),
                create(
                        "a label value with a space",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.labels.tier", "front end"),
                        cause(
                                "metadata.labels",
                                INVALID,
                                "Invalid value: \"front end\": a valid label must be an empty"
                                        + " string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with"
                                        + " an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for"
                                        + " validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")),
                create(
                        "an annotation key with a space",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.annotations.bad key", "x"),
                        cause("metadata.annotations", INVALID)),
                create(
                        "annotations above 256 KiB",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.annotations.big", "x".repeat(256 * 1024)),
                        cause("metadata.annotations", Causes.TOO_LONG, "Too long: may not be more than 262144 bytes")),
                create(
                        "an unprefixed finalizer that is not Kubernetes'",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.finalizers[1]", "cleanup"),
                        cause(
                                "metadata.finalizers[1]",
                                INVALID,
                                "Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified")),
                create(
                        "a finalizer that is not a qualified name",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.finalizers[0]", "example.com/clean up"),
                        cause("metadata.finalizers", INVALID)),
                create(
                        "both orphan and foreground deletion",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.finalizers", "[orphan, foregroundDeletion]"),
                        cause(
                                "metadata.finalizers",
                                INVALID,
                                "Invalid value: [\"orphan\",\"foregroundDeletion\"]:"
                                        + " finalizer orphan and foregroundDeletion cannot be both set")),
                create(
                        "an owner reference without uid",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.ownerReferences[0].uid", null),
                        cause("metadata.ownerReferences.uid", INVALID, "Invalid value: \"\": must not be empty")),
                create(
                        "an owner reference without a version",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.ownerReferences[0].apiVersion", "apps/"),
                        cause(
                                "metadata.ownerReferences.apiVersion",
                                INVALID,
                                "Invalid value: \"apps/\": version must not be empty")),
                create(
                        "two controller owners",
                        CONFIG_MAPS,
                        with(
                                CONFIG_MAP,
                                "metadata.ownerReferences[1]",
                                "{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: r-1, controller: true}"),
                        cause("metadata.ownerReferences", INVALID)),
                create(
                        "an event as owner",
                        CONFIG_MAPS,
                        with(
                                CONFIG_MAP,
                                "metadata.ownerReferences[0]",
                                "{apiVersion: v1, kind: Event, name: e, uid: e-1}"),
                        cause("metadata.ownerReferences", INVALID)),
                create(
                        "a negative generation",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.generation", -1),
                        cause("metadata.generation", INVALID)),
                create(
                        "an invalid generated name prefix",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.generateName", "Settings-"),
                        cause("metadata.generateName", INVALID)),
                create(
                        "a managed fields entry with an unknown operation",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.managedFields", "[{manager: kubectl, operation: Patch}]"),
                        cause(
                                "metadata.managedFields[0].operation",
                                INVALID,
                                "Invalid value: \"Patch\": must be `Apply` or `Update`")),
                create(
                        "no name at all",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.name", null),
                        cause("metadata.name", REQUIRED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesOnCreate(String name, ResourceType type, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateCreate(type, object), expected);
    }

    static Stream<Arguments> updates() {
        return Stream.of(
                update(
                        "an update that leaves out uid and creation time",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.creationTimestamp", "2025-01-01T00:00:00Z"),
                        with(CONFIG_MAP, "metadata.uid", null)),
                update(
                        "a changed creation time",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.creationTimestamp", "2025-01-01T00:00:00Z"),
                        with(CONFIG_MAP, "metadata.creationTimestamp", "2026-01-01T00:00:00Z"),
                        cause(
                                "metadata.creationTimestamp",
                                INVALID,
                                "Invalid value: \"2026-01-01T00:00:00Z\": field is immutable")),
                update(
                        "a deletion timestamp set by the delete path",
                        CONFIG_MAPS,
                        CONFIG_MAP,
                        with(CONFIG_MAP, "metadata.deletionTimestamp", "2025-01-01T00:00:00Z")),
                update(
                        "a changed deletion timestamp",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "metadata.deletionTimestamp", "2025-01-01T00:00:00Z"),
                        with(CONFIG_MAP, "metadata.deletionTimestamp", "2025-02-01T00:00:00Z"),
                        cause("metadata.deletionTimestamp", INVALID)),
                update(
                        "a removed deletion grace period",
                        CONFIG_MAPS,
                        with(
                                with(CONFIG_MAP, "metadata.deletionTimestamp", "2025-01-01T00:00:00Z"),
                                "metadata.deletionGracePeriodSeconds",
                                30),
                        with(CONFIG_MAP, "metadata.deletionTimestamp", "2025-01-01T00:00:00Z"),
                        cause(
                                "metadata.deletionGracePeriodSeconds",
                                INVALID,
                                "Invalid value: null: field is immutable")),
                update(
                        "an invalid label on update",
                        CONFIG_MAPS,
                        CONFIG_MAP,
                        with(CONFIG_MAP, "metadata.labels.tier", "-x"),
                        cause("metadata.labels", INVALID)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesOnUpdate(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateUpdate(type, object, old), expected);
    }

    static Arguments create(String name, ResourceType type, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, object, List.of(expected));
    }

    static Arguments update(String name, ResourceType type, ObjectNode old, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, old, object, List.of(expected));
    }
}
