package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Defaults of HorizontalPodAutoscaler in autoscaling/v1 and autoscaling/v2. */
final class AutoscalingDefaults {

    private static final int DEFAULT_CPU_UTILIZATION = 80;
    private static final String MAX_POLICY = "Max";
    private static final int POLICY_PERIOD_SECONDS = 15;

    private AutoscalingDefaults() {}

    static void addTo(KindTable table) {
        table.add("autoscaling/v1", "HorizontalPodAutoscaler", AutoscalingDefaults::v1)
                .add("autoscaling/v2", "HorizontalPodAutoscaler", AutoscalingDefaults::v2);
    }

    private static void v1(ObjectNode autoscaler) {
        ObjectNode spec = Json.child(autoscaler, "spec");
        if (spec != null) {
            Json.putIfNull(spec, "minReplicas", 1);
            // Kubernetes stores HPAs as v2, whose defaulting adds the 80% CPU metric; reading back as
            // v1 turns that metric into this field.
            Json.putIfNull(spec, "targetCPUUtilizationPercentage", DEFAULT_CPU_UTILIZATION);
        }
        GoEncoding.zeroInts(GoEncoding.struct(autoscaler, "status"), "currentReplicas", "desiredReplicas");
    }

    private static void v2(ObjectNode autoscaler) {
        ObjectNode spec = Json.child(autoscaler, "spec");
        if (spec != null) {
            Json.putIfNull(spec, "minReplicas", 1);
            if (!Json.hasElements(spec, "metrics")) {
                ObjectNode metric = spec.putArray("metrics").addObject().put("type", "Resource");
                metric.putObject("resource")
                        .put("name", "cpu")
                        .putObject("target")
                        .put("type", "Utilization")
                        .put("averageUtilization", DEFAULT_CPU_UTILIZATION);
            }
            for (ObjectNode metric : Json.items(spec, "metrics")) {
                for (String source : new String[] {"object", "pods", "resource", "containerResource", "external"}) {
                    ObjectNode target = Json.child(Json.child(metric, source), "target");
                    Quantities.single(target, "value");
                    Quantities.single(target, "averageValue");
                }
            }
            ObjectNode behavior = Json.child(spec, "behavior");
            if (behavior != null) {
                scalingRules(behavior, "scaleUp", scaleUpPolicies(), 0);
                scalingRules(behavior, "scaleDown", scaleDownPolicies(), null);
            }
        }
        ObjectNode status = GoEncoding.struct(autoscaler, "status");
        GoEncoding.zeroInts(status, "desiredReplicas");
        if (status != null && !status.has("currentMetrics")) {
            status.putNull("currentMetrics");
        }
    }

    /**
     * A behavior with any rules gets every unset rule field from the built-in rules, which mirror
     * the autoscaler's behavior before behaviors existed. Scale-down keeps no stabilization window:
     * the controller's command-line flag decides it.
     */
    private static void scalingRules(
            ObjectNode behavior, String direction, ArrayNode policies, Integer stabilizationWindowSeconds) {
        ObjectNode rules = Json.childOrCreate(behavior, direction);
        if (rules == null) {
            return;
        }
        Json.putIfNull(rules, "selectPolicy", MAX_POLICY);
        if (stabilizationWindowSeconds != null) {
            Json.putIfNull(rules, "stabilizationWindowSeconds", stabilizationWindowSeconds);
        }
        if (Json.isNull(rules, "policies")) {
            rules.set("policies", policies);
        }
    }

    private static ArrayNode scaleUpPolicies() {
        ArrayNode policies = JsonNodeFactory.instance.arrayNode();
        policies.add(policy("Pods", 4));
        policies.add(policy("Percent", 100));
        return policies;
    }

    private static ArrayNode scaleDownPolicies() {
        return JsonNodeFactory.instance.arrayNode().add(policy("Percent", 100));
    }

    private static ObjectNode policy(String type, int value) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("type", type)
                .put("value", value)
                .put("periodSeconds", POLICY_PERIOD_SECONDS);
    }
}
