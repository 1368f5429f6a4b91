package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The policy group: pod disruption budgets. */
final class PolicyPrinters {

    static final KindPrinter POD_DISRUPTION_BUDGET = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Min Available", "The minimum number of pods that must be available."),
                    Column.string("Max Unavailable", "The maximum number of pods that may be unavailable."),
                    Column.integer(
                            "Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
                    Column.age()),
            (budget, context) -> List.of(
                    Fields.name(budget),
                    intOrString(Fields.at(budget, "spec", "minAvailable")),
                    intOrString(Fields.at(budget, "spec", "maxUnavailable")),
                    Fields.integer(budget, "status", "disruptionsAllowed"),
                    context.age(budget)));

    private PolicyPrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("policy", "PodDisruptionBudget", POD_DISRUPTION_BUDGET);
    }

    /** An IntOrString as its String() prints it, "N/A" when unset. */
    private static String intOrString(JsonNode value) {
        return Fields.isSet(value) ? value.asText() : "N/A";
    }
}
