package io.skiff.apiserver.admission.noderestriction;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NodeRestriction: what a kubelet may write about nodes and pods, worded as Kubernetes' plugin. */
class NodeRestrictionTest {

    private static final ResourceType PODS = type("", "pods");
    private static final ResourceType NODES = type("", "nodes");
    private static final ResourceType LEASES = type("coordination.k8s.io", "leases");
    private static final UserInfo NODE_A = new UserInfo("system:node:node-a", null, List.of("system:nodes"));
    private static final UserInfo ALICE = new UserInfo("alice", null, List.of("system:authenticated"));

    private final NodeRestriction plugin = new NodeRestriction();

    @Test
    void aNodeCreatesOnlyMirrorPodsBoundToItself() {
        ObjectNode mirror = json("""
                {"metadata":{"name":"static-web","annotations":{"kubernetes.io/config.mirror":"x"}},
                 "spec":{"nodeName":"node-a"}}""");
        assertThatCode(() -> plugin.validate(
                        Attributes.create(PODS, "default", mirror, false).by(NODE_A)))
                .doesNotThrowAnyException();
        ObjectNode plain = json("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"nodeName\":\"node-a\"}}");
        assertThatThrownBy(() -> plugin.validate(
                        Attributes.create(PODS, "default", plain, false).by(NODE_A)))
                .hasMessage("pods \"web\" is forbidden: pod does not have \"kubernetes.io/config.mirror\" annotation,"
                        + " node \"node-a\" can only create mirror pods");
        ObjectNode elsewhere = json("""
                {"metadata":{"name":"static-web","annotations":{"kubernetes.io/config.mirror":"x"}},
                 "spec":{"nodeName":"node-b"}}""");
        assertThatThrownBy(() -> plugin.validate(
                        Attributes.create(PODS, "default", elsewhere, false).by(NODE_A)))
                .hasMessageEndingWith("node \"node-a\" can only create pods with spec.nodeName set to itself");
    }

    @Test
    void aNodeUpdatesOnlyItsOwnPodsStatusAndDeletesOnlyItsOwnPods() {
        ObjectNode mine = json("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"nodeName\":\"node-a\"}}");
        ObjectNode theirs = json("{\"metadata\":{\"name\":\"db\"},\"spec\":{\"nodeName\":\"node-b\"}}");
        assertThatCode(() -> plugin.validate(Attributes.update(PODS, "status", "default", "web", mine, mine, false)
                        .by(NODE_A)))
                .doesNotThrowAnyException();
        assertThatThrownBy(
                        () -> plugin.validate(Attributes.update(PODS, "status", "default", "db", theirs, theirs, false)
                                .by(NODE_A)))
                .hasMessage("pods \"db\" is forbidden: node \"node-a\" can only update pod status for pods with"
                        + " spec.nodeName set to itself");
        assertThatThrownBy(() -> plugin.validate(
                        Attributes.delete(PODS, "default", "db", theirs, false).by(NODE_A)))
                .hasMessage("pods \"db\" is forbidden: node \"node-a\" can only delete pods with spec.nodeName set"
                        + " to itself");
        assertThatThrownBy(() -> plugin.validate(Attributes.update(PODS, "", "default", "web", mine, mine, false)
                        .by(NODE_A)))
                .hasMessageEndingWith("node \"node-a\" can only create and delete mirror pods");
    }

    @Test
    void aNodeChangesOnlyItsOwnNodeAndNeitherItsTaintsNorRestrictedLabels() {
        ObjectNode node = json("{\"metadata\":{\"name\":\"node-a\",\"labels\":{\"kubernetes.io/os\":\"linux\"}}}");
        ObjectNode relabelled = json("""
                {"metadata":{"name":"node-a","labels":{"kubernetes.io/os":"linux","kubernetes.io/arch":"amd64",
                 "node.kubernetes.io/exclude-from-external-load-balancers":"true"}}}""");
        assertThatCode(() -> plugin.validate(Attributes.update(NODES, "", "", "node-a", relabelled, node, false)
                        .by(NODE_A)))
                .doesNotThrowAnyException();
        ObjectNode restricted = json("""
                {"metadata":{"name":"node-a","labels":{"node-restriction.kubernetes.io/pool":"gpu",
                 "example.k8s.io/x":"y","team":"blue"}}}""");
        assertThatThrownBy(() -> plugin.validate(Attributes.update(NODES, "", "", "node-a", restricted, node, false)
                        .by(NODE_A)))
                .hasMessage("nodes \"node-a\" is forbidden: node \"node-a\" is not allowed to modify labels:"
                        + " example.k8s.io/x, node-restriction.kubernetes.io/pool");
        ObjectNode tainted = json("""
                {"metadata":{"name":"node-a","labels":{"kubernetes.io/os":"linux"}},
                 "spec":{"taints":[{"key":"k","effect":"NoSchedule"}]}}""");
        assertThatThrownBy(() -> plugin.validate(Attributes.update(NODES, "", "", "node-a", tainted, node, false)
                        .by(NODE_A)))
                .hasMessage("nodes \"node-a\" is forbidden: node \"node-a\" is not allowed to modify taints");
        ObjectNode other = json("{\"metadata\":{\"name\":\"node-b\"}}");
        assertThatThrownBy(() -> plugin.validate(Attributes.update(NODES, "status", "", "node-b", other, other, false)
                        .by(NODE_A)))
                .hasMessage("nodes \"node-b\" is forbidden: node \"node-a\" is not allowed to modify node \"node-b\"");
        ObjectNode registering = json("""
                {"metadata":{"name":"node-a","labels":{"node-restriction.kubernetes.io/pool":"gpu"}}}""");
        assertThatThrownBy(() -> plugin.validate(
                        Attributes.create(NODES, "", registering, false).by(NODE_A)))
                .hasMessageEndingWith(
                        "node \"node-a\" is not allowed to set the following labels: node-restriction.kubernetes.io/pool");
    }

    @Test
    void aNodeCreatesOnlyItsOwnLease() {
        ObjectNode lease = json("{\"metadata\":{\"name\":\"node-b\"}}");
        assertThatThrownBy(() -> plugin.validate(Attributes.create(LEASES, "kube-node-lease", lease, false)
                        .by(NODE_A)))
                .hasMessageEndingWith("can only access node lease with the same name as the requesting node");
    }

    @Test
    void othersPassUnchecked() {
        ObjectNode plain = json("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"nodeName\":\"node-b\"}}");
        assertThatCode(() -> plugin.validate(
                        Attributes.create(PODS, "default", plain, false).by(ALICE)))
                .doesNotThrowAnyException();
        assertThatCode(() -> plugin.validate(Attributes.create(PODS, "default", plain, false)))
                .doesNotThrowAnyException();
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ResourceType type(String group, String plural) {
        return ResourceCatalog.builtin()
                .byPlural(group, group.isEmpty() ? "v1" : "v1", plural)
                .orElseThrow();
    }
}
