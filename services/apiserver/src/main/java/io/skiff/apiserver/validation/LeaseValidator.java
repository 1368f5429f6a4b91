package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** coordination.k8s.io Leases, which leader election and node heartbeats write. */
final class LeaseValidator implements KindValidator {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> STRATEGIES = List.of("OldestEmulationVersion");

    @Override
    public void validate(ObjectNode lease, ObjectNode old, Causes causes) {
        JsonNode spec = Json.object(lease, "spec");
        if (Json.hasNumber(spec, "leaseDurationSeconds")) {
            long duration = spec.get("leaseDurationSeconds").longValue();
            if (duration <= 0) {
                causes.invalid(SPEC.child("leaseDurationSeconds"), duration, "must be greater than 0");
            }
        }
        FieldRules.nonNegative(spec, "leaseTransitions", SPEC, causes);
        String strategy = Json.text(spec, "strategy");
        if (strategy != null && !STRATEGIES.contains(strategy)) {
            causes.notSupported(SPEC.child("strategy"), strategy, STRATEGIES);
        }
        if (!Json.string(spec, "preferredHolder").isEmpty() && (strategy == null || strategy.isEmpty())) {
            causes.forbidden(SPEC.child("preferredHolder"), "may only be specified if `strategy` is defined");
        }
    }
}
