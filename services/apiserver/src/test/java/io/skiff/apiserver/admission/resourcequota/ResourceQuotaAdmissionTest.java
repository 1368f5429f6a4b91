package io.skiff.apiserver.admission.resourcequota;

import static io.skiff.apiserver.admission.InMemoryReads.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.AdmissionWrites;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.InMemoryReads;
import io.skiff.apiserver.admission.Resources;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceQuotaAdmissionTest {

    private static final ResourceType SERVICES = type("", "v1", "services");
    private static final ResourceType CONFIG_MAPS = type("", "v1", "configmaps");
    private static final ResourceType CLAIMS = Resources.PERSISTENT_VOLUME_CLAIMS;
    private static final ResourceType DEPLOYMENTS = type("apps", "v1", "deployments");

    private final InMemoryReads reads = new InMemoryReads();
    private final List<ObjectNode> written = new ArrayList<>();
    /** How many writes still lose to "another writer" before they succeed. */
    private int conflictsLeft;

    private final AdmissionWrites writes = (type, current, updated) -> {
        if (conflictsLeft > 0) {
            conflictsLeft--;
            // Another API server charged the quota first: one more pod is used now.
            ObjectNode raced = current.deepCopy();
            raced.with("metadata").put("resourceVersion", "99");
            raced.with("status").with("used").put("pods", "2");
            reads.add(type, raced.toString());
            return false;
        }
        written.add(updated);
        reads.add(type, updated.toString());
        return true;
    };
    private final ResourceQuotaAdmission plugin = new ResourceQuotaAdmission(reads, writes, Clock.systemUTC());

    @Test
    void aPodThatFitsIsAdmittedAndChargedToTheQuota() {
        quota("q", "{\"pods\":\"2\"}", "{\"pods\":\"1\"}");
        plugin.validate(create(Resources.PODS, pod("p", "{}")));
        assertThat(written).hasSize(1);
        assertThat(written.get(0).at("/status/used").toString()).isEqualTo("{\"pods\":\"2\"}");
    }

    @Test
    void aPodOverTheQuotaIsForbiddenWithKubernetesMessage() {
        quota("q", "{\"pods\":\"2\"}", "{\"pods\":\"2\"}");
        assertThat(refusal(create(Resources.PODS, pod("p", "{}"))))
                .isEqualTo(
                        "pods \"p\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");
        assertThat(written).isEmpty();
    }

    @Test
    void computeResourcesAreSummedAndOnlyTheExceededOnesNamed() {
        quota(
                "compute",
                "{\"requests.cpu\":\"1\",\"requests.memory\":\"1Gi\",\"pods\":\"10\"}",
                "{\"requests.cpu\":\"800m\",\"requests.memory\":\"512Mi\",\"pods\":\"3\"}");
        String containers = "{\"containers\":[{\"name\":\"c1\",\"resources\":{\"requests\":{\"cpu\":\"300m\","
                + "\"memory\":\"256Mi\"}}}]}";
        assertThat(refusal(create(Resources.PODS, pod("p", containers))))
                .isEqualTo("pods \"p\" is forbidden: exceeded quota: compute, requested: requests.cpu=300m,"
                        + " used: requests.cpu=800m, limited: requests.cpu=1");
    }

    @Test
    void aQuotaOnCpuRequiresEveryContainerToStateIt() {
        quota(
                "q",
                "{\"limits.cpu\":\"4\",\"requests.memory\":\"4Gi\"}",
                "{\"limits.cpu\":\"0\",\"requests.memory\":\"0\"}");
        String containers = "{\"initContainers\":[{\"name\":\"init\"}],\"containers\":[{\"name\":\"c1\"},"
                + "{\"name\":\"c2\",\"resources\":{\"limits\":{\"cpu\":\"1\"},\"requests\":{\"memory\":\"1Gi\"}}}]}";
        assertThat(refusal(create(Resources.PODS, pod("p", containers))))
                .isEqualTo("pods \"p\" is forbidden: failed quota: q: must specify limits.cpu for: c1,init;"
                        + " must specify requests.memory for: c1,init");
    }

    @Test
    void aQuotaWhoseUsageIsNotKnownYetRefusesUntilTheControllerCounts() {
        quota("q", "{\"pods\":\"2\"}", "{}");
        assertThat(refusal(create(Resources.PODS, pod("p", "{}"))))
                .isEqualTo("pods \"p\" is forbidden: status unknown for quota: q, resources: pods");
    }

    @Test
    void aQuotaWithoutStatusHardDoesNotLimitYet() {
        reads.add(
                Resources.RESOURCE_QUOTAS,
                "{\"metadata\":{\"name\":\"q\",\"namespace\":\"ns\",\"resourceVersion\":\"5\"},\"spec\":{\"hard\":{\"pods\":\"0\"}}}");
        plugin.validate(create(Resources.PODS, pod("p", "{}")));
        assertThat(written).isEmpty();
    }

    @Test
    void scopesSelectWhichPodsAQuotaCounts() {
        reads.add(
                Resources.RESOURCE_QUOTAS,
                "{\"metadata\":{\"name\":\"best-effort\",\"namespace\":\"ns\",\"resourceVersion\":\"5\"},"
                        + "\"spec\":{\"scopes\":[\"BestEffort\"]},"
                        + "\"status\":{\"hard\":{\"pods\":\"1\"},\"used\":{\"pods\":\"1\"}}}");
        reads.add(
                Resources.RESOURCE_QUOTAS,
                "{\"metadata\":{\"name\":\"high\",\"namespace\":\"ns\",\"resourceVersion\":\"6\"},"
                        + "\"spec\":{\"scopeSelector\":{\"matchExpressions\":[{\"scopeName\":\"PriorityClass\","
                        + "\"operator\":\"In\",\"values\":[\"high\"]}]}},"
                        + "\"status\":{\"hard\":{\"pods\":\"0\"},\"used\":{\"pods\":\"0\"}}}");
        String burstable = "{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}]}";
        plugin.validate(create(Resources.PODS, pod("burstable", burstable)));
        assertThat(written).isEmpty();
        assertThat(refusal(create(Resources.PODS, pod("idle", "{\"containers\":[{\"name\":\"c\"}]}"))))
                .startsWith("pods \"idle\" is forbidden: exceeded quota: best-effort");
        assertThat(refusal(create(
                        Resources.PODS,
                        pod(
                                "urgent",
                                "{\"priorityClassName\":\"high\",\"containers\":[{\"name\":\"c\",\"resources\":"
                                        + "{\"requests\":{\"cpu\":\"1\"}}}]}"))))
                .isEqualTo("pods \"urgent\" is forbidden: exceeded quota: high, requested: pods=1, used: pods=0,"
                        + " limited: pods=0");
    }

    @Test
    void terminatingScopesFollowActiveDeadlineSeconds() {
        reads.add(
                Resources.RESOURCE_QUOTAS,
                "{\"metadata\":{\"name\":\"jobs\",\"namespace\":\"ns\",\"resourceVersion\":\"5\"},"
                        + "\"spec\":{\"scopes\":[\"Terminating\"]},"
                        + "\"status\":{\"hard\":{\"pods\":\"0\"},\"used\":{\"pods\":\"0\"}}}");
        plugin.validate(create(Resources.PODS, pod("long", "{}")));
        assertThat(refusal(create(Resources.PODS, pod("job", "{\"activeDeadlineSeconds\":60}"))))
                .startsWith("pods \"job\" is forbidden: exceeded quota: jobs");
    }

    @Test
    void objectCountsUseLegacyAndCountNames() {
        quota(
                "objects",
                "{\"configmaps\":\"1\",\"count/deployments.apps\":\"0\"}",
                "{\"configmaps\":\"1\"," + "\"count/deployments.apps\":\"0\"}");
        assertThat(refusal(create(CONFIG_MAPS, parse("{\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\"}}"))))
                .isEqualTo("configmaps \"c\" is forbidden: exceeded quota: objects, requested: configmaps=1,"
                        + " used: configmaps=1, limited: configmaps=1");
        assertThat(refusal(create(DEPLOYMENTS, parse("{\"metadata\":{\"name\":\"d\",\"namespace\":\"ns\"}}"))))
                .isEqualTo(
                        "deployments.apps \"d\" is forbidden: exceeded quota: objects, requested:"
                                + " count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0");
    }

    @Test
    void servicesCountNodePortsAndLoadBalancersAlsoOnUpdate() {
        quota(
                "svc",
                "{\"services.nodeports\":\"1\",\"services.loadbalancers\":\"0\"}",
                "{\"services.nodeports\":\"0\",\"services.loadbalancers\":\"0\"}");
        ObjectNode clusterIp = parse("{\"metadata\":{\"name\":\"s\",\"namespace\":\"ns\",\"resourceVersion\":\"3\"},"
                + "\"spec\":{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80},{\"port\":81}]}}");
        plugin.validate(create(SERVICES, clusterIp));
        ObjectNode nodePort = clusterIp.deepCopy();
        nodePort.with("spec").put("type", "NodePort");
        assertThat(refusal(Attributes.update(SERVICES, "", "ns", "s", nodePort, clusterIp, false)))
                .isEqualTo("services \"s\" is forbidden: exceeded quota: svc, requested: services.nodeports=2,"
                        + " used: services.nodeports=0, limited: services.nodeports=1");
    }

    @Test
    void aClaimResizeIsChargedOnlyTheGrowth() {
        quota("storage", "{\"requests.storage\":\"10Gi\"}", "{\"requests.storage\":\"4Gi\"}");
        ObjectNode before = claim("4Gi");
        ObjectNode after = claim("10Gi");
        plugin.validate(Attributes.update(CLAIMS, "", "ns", "data", after, before, false));
        assertThat(written.get(0).at("/status/used/requests.storage").asText()).isEqualTo("10Gi");
        ObjectNode tooBig = claim("11Gi");
        assertThat(refusal(Attributes.update(CLAIMS, "", "ns", "data", tooBig, after, false)))
                .isEqualTo("persistentvolumeclaims \"data\" is forbidden: exceeded quota: storage, requested:"
                        + " requests.storage=1Gi, used: requests.storage=10Gi, limited: requests.storage=10Gi");
    }

    @Test
    void podUpdatesAndOtherNamespacesAndDryRunsAreNotCharged() {
        quota("q", "{\"pods\":\"5\"}", "{\"pods\":\"1\"}");
        ObjectNode pod = pod("p", "{}");
        plugin.validate(Attributes.update(Resources.PODS, "", "ns", "p", pod, pod, false));
        plugin.validate(Attributes.create(Resources.PODS, "elsewhere", pod("p", "{}"), false));
        plugin.validate(Attributes.create(Resources.PODS, "ns", pod("p", "{}"), true));
        assertThat(written).isEmpty();
    }

    @Test
    void aChargeLostToAnotherWriterIsRecomputedFromTheQuotaAsItNowIs() {
        quota("q", "{\"pods\":\"3\"}", "{\"pods\":\"1\"}");
        conflictsLeft = 1;
        plugin.validate(create(Resources.PODS, pod("p", "{}")));
        assertThat(written).hasSize(1);
        assertThat(written.get(0).at("/status/used/pods").asText()).isEqualTo("3");
    }

    @Test
    void aChargeLostToAnotherWriterThatTookTheLastPodIsRefused() {
        quota("q", "{\"pods\":\"2\"}", "{\"pods\":\"1\"}");
        conflictsLeft = 1;
        assertThat(refusal(create(Resources.PODS, pod("p", "{}"))))
                .isEqualTo(
                        "pods \"p\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2");
    }

    private String refusal(Attributes attributes) {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> plugin.validate(attributes));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.code()).isEqualTo(403);
        return refused.status().getMessage();
    }

    private void quota(String name, String hard, String used) {
        reads.add(
                Resources.RESOURCE_QUOTAS,
                "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\",\"resourceVersion\":\"5\"},"
                        + "\"spec\":{\"hard\":" + hard + "},\"status\":{\"hard\":" + hard + ",\"used\":" + used + "}}");
    }

    private static Attributes create(ResourceType type, ObjectNode object) {
        return Attributes.create(type, "ns", object, false);
    }

    private static ObjectNode pod(String name, String spec) {
        return parse("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"ns\"},\"spec\":" + spec + "}");
    }

    private static ObjectNode claim(String size) {
        return parse("{\"metadata\":{\"name\":\"data\",\"namespace\":\"ns\",\"resourceVersion\":\"4\"},"
                + "\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + size + "\"}}}}");
    }

    private static ResourceType type(String group, String version, String plural) {
        return ResourceCatalog.builtin().byPlural(group, version, plural).orElseThrow();
    }
}
