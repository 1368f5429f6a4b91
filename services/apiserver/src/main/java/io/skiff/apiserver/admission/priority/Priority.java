package io.skiff.apiserver.admission.priority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.AdmissionErrors;
import io.skiff.apiserver.admission.AdmissionReads;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.MutatingAdmission;
import io.skiff.apiserver.admission.Operation;
import io.skiff.apiserver.admission.Resources;
import io.skiff.apiserver.admission.ValidatingAdmission;
import java.util.Optional;

/**
 * Kubernetes' Priority plugin. A new pod gets {@code spec.priority} and {@code
 * spec.preemptionPolicy} from the PriorityClass it names, or from the cluster's globalDefault class
 * (whose name it then carries), or priority 0 without either; a pod naming a class that does not
 * exist, or giving a priority of its own that differs, is refused. An update keeps the priority the
 * pod has. Of PriorityClasses, only one may be the globalDefault.
 */
public final class Priority implements MutatingAdmission, ValidatingAdmission {

    public static final String NAME = "Priority";

    /** scheduling.DefaultPriorityWhenNoDefaultClassExists. */
    static final int DEFAULT_PRIORITY = 0;

    static final String PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";

    private final AdmissionReads reads;

    public Priority(AdmissionReads reads) {
        this.reads = reads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE || operation == Operation.UPDATE;
    }

    @Override
    public void admit(Attributes a) {
        if (!a.isFor("", "pods") || !(a.object().get("spec") instanceof ObjectNode spec)) {
            return;
        }
        if (a.operation() == Operation.UPDATE) {
            // Set on create and immutable since: an update that leaves them out keeps them.
            JsonNode oldSpec = a.oldObject() == null ? null : a.oldObject().get("spec");
            if (oldSpec != null) {
                copyIfAbsent(oldSpec, spec, "priority");
                copyIfAbsent(oldSpec, spec, "preemptionPolicy");
            }
            return;
        }
        String className = spec.path("priorityClassName").asText("");
        long priority;
        String preemptionPolicy;
        if (className.isEmpty()) {
            Optional<ObjectNode> defaultClass = defaultClass();
            if (defaultClass.isPresent()) {
                spec.put("priorityClassName", name(defaultClass.get()));
                priority = value(defaultClass.get());
                preemptionPolicy = preemptionPolicy(defaultClass.get());
            } else {
                priority = DEFAULT_PRIORITY;
                preemptionPolicy = PREEMPT_LOWER_PRIORITY;
            }
        } else {
            ObjectNode priorityClass = reads.get(Resources.PRIORITY_CLASSES, "", className)
                    .orElseThrow(() ->
                            AdmissionErrors.forbidden(a, "no PriorityClass with name " + className + " was found"));
            priority = value(priorityClass);
            preemptionPolicy = preemptionPolicy(priorityClass);
        }
        JsonNode given = spec.get("priority");
        if (given != null && !given.isNull() && given.asLong() != priority) {
            throw AdmissionErrors.forbidden(
                    a,
                    "the integer value of priority (" + given.asLong()
                            + ") must not be provided in pod spec; priority admission controller computed " + priority
                            + " from the given PriorityClass name");
        }
        spec.put("priority", priority);
        if (preemptionPolicy != null) {
            String givenPolicy = spec.path("preemptionPolicy").asText("");
            if (!givenPolicy.isEmpty() && !givenPolicy.equals(preemptionPolicy)) {
                throw AdmissionErrors.forbidden(
                        a,
                        "the string value of PreemptionPolicy (" + givenPolicy
                                + ") must not be provided in pod spec; priority admission controller computed "
                                + preemptionPolicy + " from the given PriorityClass name");
            }
            spec.put("preemptionPolicy", preemptionPolicy);
        }
    }

    @Override
    public void validate(Attributes a) {
        if (!a.isFor("scheduling.k8s.io", "priorityclasses")
                || !a.object().path("globalDefault").asBoolean(false)) {
            return;
        }
        Optional<ObjectNode> current = defaultClass();
        if (current.isPresent()
                && (a.operation() == Operation.CREATE || !name(current.get()).equals(name(a.object())))) {
            throw AdmissionErrors.forbidden(
                    a,
                    "PriorityClass " + name(current.get())
                            + " is already marked as default. Only one default can exist");
        }
    }

    /** The globalDefault class; the lowest value wins should a race have left several. */
    private Optional<ObjectNode> defaultClass() {
        ObjectNode found = null;
        for (ObjectNode priorityClass : reads.list(Resources.PRIORITY_CLASSES, null)) {
            if (priorityClass.path("globalDefault").asBoolean(false)
                    && (found == null || value(found) > value(priorityClass))) {
                found = priorityClass;
            }
        }
        return Optional.ofNullable(found);
    }

    private static void copyIfAbsent(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        JsonNode present = to.get(field);
        if ((present == null || present.isNull()) && value != null && !value.isNull()) {
            to.set(field, value.deepCopy());
        }
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText("");
    }

    private static long value(JsonNode priorityClass) {
        return priorityClass.path("value").asLong(0);
    }

    private static String preemptionPolicy(JsonNode priorityClass) {
        String policy = priorityClass.path("preemptionPolicy").asText("");
        return policy.isEmpty() ? null : policy;
    }
}
