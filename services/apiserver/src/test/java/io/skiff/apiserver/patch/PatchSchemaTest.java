package io.skiff.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.patch.FieldSchema.Shape;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PatchSchemaTest {

    private static final PatchSchema SCHEMA = PatchSchema.builtin();

    /** A field by path from a kind's root; {@code []} steps into list elements. */
    private static FieldSchema at(String apiVersionAndKind, String path) {
        int slash = apiVersionAndKind.lastIndexOf('/');
        FieldSchema field = SCHEMA.root(apiVersionAndKind.substring(0, slash), apiVersionAndKind.substring(slash + 1))
                .orElseThrow();
        for (String step : path.split("\\.")) {
            boolean elements = step.endsWith("[]");
            field = field.child(elements ? step.substring(0, step.length() - 2) : step);
            if (elements) {
                field = field.element();
            }
        }
        return field;
    }

    private static Arguments merging(String name, String kind, String path, String mergeKey) {
        return Arguments.of(name, kind, path, Shape.LIST, PatchStrategy.MERGE, mergeKey, false);
    }

    private static Arguments mergingRetainingKeys(String name, String kind, String path, String mergeKey) {
        return Arguments.of(name, kind, path, Shape.LIST, PatchStrategy.MERGE, mergeKey, true);
    }

    private static Arguments untagged(String name, String kind, String path, Shape shape) {
        return Arguments.of(name, kind, path, shape, PatchStrategy.DEFAULT, null, false);
    }

    static Stream<Arguments> fields() {
        String pod = "v1/Pod";
        String template = "spec.template.spec.containers[]";
        return Stream.of(
                merging("pod containers merge on name", pod, "spec.containers", "name"),
                merging("init containers merge on name", pod, "spec.initContainers", "name"),
                merging("ephemeral containers merge on name", pod, "spec.ephemeralContainers", "name"),
                merging("a template's env merges on name", "apps/v1/Deployment", template + ".env", "name"),
                merging("container ports merge on containerPort", pod, "spec.containers[].ports", "containerPort"),
                merging("volume mounts merge on mountPath", pod, "spec.containers[].volumeMounts", "mountPath"),
                merging("volume devices merge on devicePath", pod, "spec.containers[].volumeDevices", "devicePath"),
                merging("ephemeral containers' env merges on name", pod, "spec.ephemeralContainers[].env", "name"),
                mergingRetainingKeys("pod volumes merge on name and retain keys", pod, "spec.volumes", "name"),
                mergingRetainingKeys(
                        "resource claims merge on name and retain keys", pod, "spec.resourceClaims", "name"),
                merging("image pull secrets merge on name", pod, "spec.imagePullSecrets", "name"),
                merging("host aliases merge on ip", pod, "spec.hostAliases", "ip"),
                merging("topology spread merges on topologyKey", pod, "spec.topologySpreadConstraints", "topologyKey"),
                merging("scheduling gates merge on name", pod, "spec.schedulingGates", "name"),
                untagged("tolerations are atomic", pod, "spec.tolerations", Shape.LIST),
                untagged("container args are atomic", pod, "spec.containers[].args", Shape.LIST),
                merging("pod conditions merge on type", pod, "status.conditions", "type"),
                merging("pod IPs merge on ip", pod, "status.podIPs", "ip"),
                merging("host IPs merge on ip", pod, "status.hostIPs", "ip"),
                untagged("container statuses are atomic", pod, "status.containerStatuses", Shape.LIST),
                merging(
                        "container status mounts merge on mountPath",
                        pod,
                        "status.containerStatuses[].volumeMounts",
                        "mountPath"),
                mergingRetainingKeys(
                        "resource claim statuses retain keys", pod, "status.resourceClaimStatuses", "name"),
                Arguments.of(
                        "a Deployment's strategy retains keys",
                        "apps/v1/Deployment",
                        "spec.strategy",
                        Shape.OBJECT,
                        PatchStrategy.DEFAULT,
                        null,
                        true),
                untagged(
                        "a DaemonSet's update strategy has no tag",
                        "apps/v1/DaemonSet",
                        "spec.updateStrategy",
                        Shape.OBJECT),
                merging("finalizers merge as a set", "v1/ConfigMap", "metadata.finalizers", null),
                merging("owner references merge on uid", "v1/ConfigMap", "metadata.ownerReferences", "uid"),
                merging("service ports merge on port", "v1/Service", "spec.ports", "port"),
                merging("service conditions merge on type", "v1/Service", "status.conditions", "type"),
                merging("service account secrets merge on name", "v1/ServiceAccount", "secrets", "name"),
                untagged(
                        "service account pull secrets are atomic", "v1/ServiceAccount", "imagePullSecrets", Shape.LIST),
                merging("node pod CIDRs merge as a set", "v1/Node", "spec.podCIDRs", null),
                untagged("node taints are atomic", "v1/Node", "spec.taints", Shape.LIST),
                merging("node conditions merge on type", "v1/Node", "status.conditions", "type"),
                merging("node addresses merge on type", "v1/Node", "status.addresses", "type"),
                merging("namespace conditions merge on type", "v1/Namespace", "status.conditions", "type"),
                merging("claim conditions merge on type", "v1/PersistentVolumeClaim", "status.conditions", "type"),
                merging("controller conditions merge on type", "v1/ReplicationController", "status.conditions", "type"),
                merging("deployment conditions merge on type", "apps/v1/Deployment", "status.conditions", "type"),
                merging("replica set conditions merge on type", "apps/v1/ReplicaSet", "status.conditions", "type"),
                merging("daemon set conditions merge on type", "apps/v1/DaemonSet", "status.conditions", "type"),
                merging("stateful set conditions merge on type", "apps/v1/StatefulSet", "status.conditions", "type"),
                merging(
                        "claim templates carry the claim's tags", "apps/v1/StatefulSet",
                        "spec.volumeClaimTemplates[].status.conditions", "type"),
                merging("job conditions merge on type", "batch/v1/Job", "status.conditions", "type"),
                merging(
                        "a CronJob's job template carries PodSpec's tags", "batch/v1/CronJob",
                        "spec.jobTemplate.spec.template.spec.containers", "name"),
                merging(
                        "disruption budget conditions merge on type", "policy/v1/PodDisruptionBudget",
                        "status.conditions", "type"),
                merging(
                        "autoscaler conditions merge on type", "autoscaling/v2/HorizontalPodAutoscaler",
                        "status.conditions", "type"),
                merging("CSI node drivers merge on name", "storage.k8s.io/v1/CSINode", "spec.drivers", "name"),
                untagged(
                        "endpoint slice endpoints are atomic",
                        "discovery.k8s.io/v1/EndpointSlice",
                        "endpoints",
                        Shape.LIST),
                untagged("role rules are atomic", "rbac.authorization.k8s.io/v1/Role", "rules", Shape.LIST),
                untagged("ingress rules are atomic", "networking.k8s.io/v1/Ingress", "spec.rules", Shape.LIST),
                untagged("labels are a map", pod, "metadata.labels", Shape.MAP),
                untagged("label values are scalars", pod, "metadata.labels.app", Shape.SCALAR),
                untagged(
                        "resource limits are a map of quantities",
                        pod,
                        "spec.containers[].resources.limits",
                        Shape.MAP),
                untagged("a quantity is a scalar", pod, "spec.containers[].resources.limits.cpu", Shape.SCALAR),
                untagged("an int-or-string port is a scalar", "v1/Service", "spec.ports[].targetPort", Shape.SCALAR),
                untagged("an event's micro time is a scalar", "events.k8s.io/v1/Event", "eventTime", Shape.SCALAR),
                untagged("a revision's data is untyped", "apps/v1/ControllerRevision", "data", Shape.UNTYPED),
                untagged("an unknown field is untyped", pod, "spec.bogus", Shape.UNTYPED),
                merging("fields match ignoring case, as Go's decoder does", pod, "spec.Containers", "name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void describesFields(
            String name,
            String kind,
            String path,
            Shape shape,
            PatchStrategy strategy,
            String mergeKey,
            boolean retainKeys) {
        FieldSchema field = at(kind, path);

        assertThat(field.shape()).as("shape").isEqualTo(shape);
        assertThat(field.strategy()).as("strategy").isEqualTo(strategy);
        assertThat(field.mergeKey()).as("merge key").isEqualTo(Optional.ofNullable(mergeKey));
        assertThat(field.retainKeys()).as("retain keys").isEqualTo(retainKeys);
    }

    @Test
    void knowsEveryServedKind() {
        for (ResourceType type : ResourceCatalog.builtin().all()) {
            assertThat(SCHEMA.root(type))
                    .as(type.apiVersion() + " " + type.kind())
                    .isPresent();
        }
    }

    @Test
    void knowsNoCustomResource() {
        assertThat(SCHEMA.root("stable.example.com/v1", "CronTab")).isEmpty();
    }

    /** A tag on a field the model lacks, or of the wrong shape, would silently never apply. */
    @Test
    void everyTagNamesAFieldOfTheRightShape() {
        GoStructTags tags = GoStructTags.kubernetes();
        FabricModel model = new FabricModel(tags, ApplyMarkers.kubernetes());
        tags.all()
                .forEach((owner, fields) -> fields.forEach((name, tag) -> {
                    Map<String, Type> ownerFields = model.fields(owner);
                    assertThat(ownerFields).as(owner.getSimpleName()).containsKey(name);
                    FieldSchema field = model.field(owner, name);
                    String where = owner.getSimpleName() + "." + name;
                    if (tag.strategy() == PatchStrategy.MERGE) {
                        assertThat(field.shape()).as(where).isEqualTo(Shape.LIST);
                        if (tag.mergeKey() == null) {
                            assertThat(field.element().shape())
                                    .as(where + " elements")
                                    .isEqualTo(Shape.SCALAR);
                        } else {
                            assertThat(field.element().shape())
                                    .as(where + " elements")
                                    .isEqualTo(Shape.OBJECT);
                            assertThat(field.element().child(tag.mergeKey()).shape())
                                    .as(where + " merge key " + tag.mergeKey())
                                    .isEqualTo(Shape.SCALAR);
                        }
                    } else {
                        assertThat(field.shape()).as(where).isEqualTo(Shape.OBJECT);
                    }
                }));
    }
}
