package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** policy PodDisruptionBudgets. */
final class DisruptionBudgetValidator implements KindValidator {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath STATUS = FieldPath.root("status");
    private static final List<String> EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");
    private static final List<String> STATUS_COUNTS =
            List.of("disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods");

    @Override
    public void validate(ObjectNode budget, ObjectNode old, Causes causes) {
        JsonNode spec = Json.objectOrEmpty(budget, "spec");
        JsonNode minAvailable = spec.get("minAvailable");
        JsonNode maxUnavailable = spec.get("maxUnavailable");
        if (Json.has(spec, "minAvailable") && Json.has(spec, "maxUnavailable")) {
            causes.invalid(SPEC, spec, "minAvailable and maxUnavailable cannot be both set");
        }
        FieldRules.intOrPercent(minAvailable, SPEC.child("minAvailable"), causes);
        FieldRules.notMoreThan100Percent(minAvailable, SPEC.child("minAvailable"), causes);
        FieldRules.intOrPercent(maxUnavailable, SPEC.child("maxUnavailable"), causes);
        FieldRules.notMoreThan100Percent(maxUnavailable, SPEC.child("maxUnavailable"), causes);
        SelectorRules.validate(Json.object(spec, "selector"), SPEC.child("selector"), causes);
        FieldRules.oneOf(spec, "unhealthyPodEvictionPolicy", EVICTION_POLICIES, SPEC, causes);
    }

    @Override
    public void validateStatus(ObjectNode budget, ObjectNode old, Causes causes) {
        JsonNode status = Json.object(budget, "status");
        FieldRules.conditions(Json.array(status, "conditions"), STATUS.child("conditions"), causes);
        for (String field : STATUS_COUNTS) {
            FieldRules.nonNegative(status, field, STATUS, causes);
        }
    }
}
