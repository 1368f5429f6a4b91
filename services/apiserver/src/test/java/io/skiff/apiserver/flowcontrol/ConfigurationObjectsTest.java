package io.skiff.apiserver.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.json.KubeJson;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The objects generated from the running configuration, compared with kube-apiserver 1.32's. */
class ConfigurationObjectsTest {

    private static final Map<String, FlowSchema> SCHEMAS =
            DefaultFlowSchemas.all().stream().collect(Collectors.toMap(FlowSchema::name, Function.identity()));
    private static final Map<String, PriorityLevel> LEVELS =
            PriorityLevel.defaults().stream().collect(Collectors.toMap(PriorityLevel::name, Function.identity()));

    @Test
    void theExemptFlowSchemaTakesEverythingOfSystemMasters() throws Exception {
        assertThat(ConfigurationObjects.flowSchema(SCHEMAS.get("exempt"))).isEqualTo(json("""
                        {"apiVersion":"flowcontrol.apiserver.k8s.io/v1","kind":"FlowSchema",
                         "metadata":{"name":"exempt","annotations":{"apf.kubernetes.io/autoupdate-spec":"true"}},
                         "spec":{"priorityLevelConfiguration":{"name":"exempt"},"matchingPrecedence":1,
                          "rules":[{"subjects":[{"kind":"Group","group":{"name":"system:masters"}}],
                           "resourceRules":[{"verbs":["*"],"apiGroups":["*"],"resources":["*"],
                                             "clusterScope":true,"namespaces":["*"]}],
                           "nonResourceRules":[{"verbs":["*"],"nonResourceURLs":["*"]}]}]}}"""));
    }

    @Test
    void leaderElectionRulesNameTheirSubjectsAndResources() throws Exception {
        JsonNode spec = ConfigurationObjects.flowSchema(SCHEMAS.get("system-leader-election"))
                .path("spec");
        assertThat(spec.path("distinguisherMethod")).isEqualTo(json("{\"type\":\"ByUser\"}"));
        assertThat(spec.at("/rules/0/subjects")).isEqualTo(json("""
                        [{"kind":"User","user":{"name":"system:kube-controller-manager"}},
                         {"kind":"User","user":{"name":"system:kube-scheduler"}},
                         {"kind":"ServiceAccount","serviceAccount":{"namespace":"kube-system","name":"*"}}]"""));
        assertThat(spec.at("/rules/0/resourceRules/1")).isEqualTo(json("""
                        {"verbs":["get","create","update"],"apiGroups":["coordination.k8s.io"],
                         "resources":["leases"],"namespaces":["*"]}"""));
        assertThat(spec.at("/rules/0").has("nonResourceRules")).isFalse();
    }

    @Test
    void limitedLevelsQueueOrRejectAndExemptOnesAreExempt() throws Exception {
        assertThat(ConfigurationObjects.priorityLevel(LEVELS.get("global-default"))
                        .path("spec"))
                .isEqualTo(json("""
                        {"type":"Limited","limited":{"nominalConcurrencyShares":20,"lendablePercent":50,
                         "limitResponse":{"type":"Queue","queuing":{"queues":128,"handSize":6,"queueLengthLimit":50}}}}"""));
        assertThat(ConfigurationObjects.priorityLevel(LEVELS.get("catch-all")).path("spec"))
                .isEqualTo(json("""
                        {"type":"Limited","limited":{"nominalConcurrencyShares":5,"lendablePercent":0,
                         "limitResponse":{"type":"Reject"}}}"""));
        assertThat(ConfigurationObjects.priorityLevel(LEVELS.get("exempt")).path("spec"))
                .isEqualTo(json("""
                        {"type":"Exempt","exempt":{"nominalConcurrencyShares":0,"lendablePercent":0}}"""));
    }

    @Test
    void everySchemaNamesALevelOfTheConfigurationAndTheMandatoryOnesExist() {
        assertThat(SCHEMAS.values()).allMatch(schema -> LEVELS.containsKey(schema.priorityLevel()));
        assertThat(SCHEMAS.keySet()).containsAll(DefaultFlowSchemas.MANDATORY);
        assertThat(LEVELS.keySet()).containsAll(PriorityLevel.MANDATORY);
        assertThat(SCHEMAS.keySet())
                .containsAll(Set.of(
                        "probes",
                        "system-leader-election",
                        "endpoint-controller",
                        "workload-leader-election",
                        "system-node-high",
                        "system-nodes",
                        "kube-controller-manager",
                        "kube-scheduler",
                        "kube-system-service-accounts",
                        "service-accounts",
                        "global-default"));
    }

    @Test
    void aStoredFlowSchemaReadsBackAsTheSchemaItWasWrittenFrom() {
        for (FlowSchema schema : DefaultFlowSchemas.all()) {
            assertThat(ConfigurationObjects.parseFlowSchema(ConfigurationObjects.flowSchema(schema)))
                    .as(schema.name())
                    .contains(schema);
        }
    }

    @Test
    void aFlowSchemaWithoutPrecedenceGetsKubernetesDefault() throws Exception {
        assertThat(ConfigurationObjects.parseFlowSchema(json("""
                        {"metadata":{"name":"mine"},"spec":{"priorityLevelConfiguration":{"name":"workload-low"},
                         "rules":[{"subjects":[{"kind":"User","user":{"name":"alice"}}],
                                   "nonResourceRules":[{"verbs":["get"],"nonResourceURLs":["/metrics"]}]}]}}""")).orElseThrow().matchingPrecedence())
                .isEqualTo(1000);
        assertThat(ConfigurationObjects.parseFlowSchema(json("{\"metadata\":{\"name\":\"no-level\"},\"spec\":{}}")))
                .isEmpty();
    }

    private static JsonNode json(String text) throws Exception {
        return KubeJson.mapper().readTree(text);
    }
}
