package io.skiff.apiserver.admission.limitranger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.quantity.Quantities;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** What a LimitRange does to a pod: PodMutateLimitFunc and PodValidateLimitFunc. */
final class PodLimits {

    private static final BigInteger KIBI = BigInteger.valueOf(1024);

    private PodLimits() {}

    /**
     * Gives each container and init container the range's Container defaults for resources it does
     * not set, and records what was set in the {@value LimitRanger#ANNOTATION} annotation.
     */
    static void applyDefaults(ObjectNode pod, ObjectNode limitRange) {
        Map<String, JsonNode> defaultRequests = new LinkedHashMap<>();
        Map<String, JsonNode> defaultLimits = new LinkedHashMap<>();
        for (JsonNode item : limitRange.path("spec").path("limits")) {
            if (item.path("type").asText("").equals("Container")) {
                item.path("defaultRequest").properties().forEach(e -> defaultRequests.put(e.getKey(), e.getValue()));
                item.path("default").properties().forEach(e -> defaultLimits.put(e.getKey(), e.getValue()));
            }
        }
        List<String> notes = new ArrayList<>();
        for (JsonNode container : pod.path("spec").path("containers")) {
            if (container instanceof ObjectNode object) {
                merge(object, defaultRequests, defaultLimits, "container", notes);
            }
        }
        for (JsonNode container : pod.path("spec").path("initContainers")) {
            if (container instanceof ObjectNode object) {
                merge(object, defaultRequests, defaultLimits, "init container", notes);
            }
        }
        if (!notes.isEmpty()) {
            ObjectNode metadata = pod.get("metadata") instanceof ObjectNode m ? m : pod.putObject("metadata");
            ObjectNode annotations =
                    metadata.get("annotations") instanceof ObjectNode n ? n : metadata.putObject("annotations");
            annotations.put(LimitRanger.ANNOTATION, "LimitRanger plugin set: " + String.join("; ", notes));
        }
    }

    private static void merge(
            ObjectNode container,
            Map<String, JsonNode> defaultRequests,
            Map<String, JsonNode> defaultLimits,
            String kind,
            List<String> notes) {
        if (defaultRequests.isEmpty() && defaultLimits.isEmpty()) {
            return;
        }
        ObjectNode resources = child(container, "resources");
        TreeSet<String> setLimits = fill(child(resources, "limits"), defaultLimits);
        TreeSet<String> setRequests = fill(child(resources, "requests"), defaultRequests);
        String name = container.path("name").asText("");
        if (!setRequests.isEmpty()) {
            notes.add(String.join(", ", setRequests) + " request for " + kind + " " + name);
        }
        if (!setLimits.isEmpty()) {
            notes.add(String.join(", ", setLimits) + " limit for " + kind + " " + name);
        }
        if (resources.path("limits").isEmpty()) {
            resources.remove("limits");
        }
        if (resources.path("requests").isEmpty()) {
            resources.remove("requests");
        }
    }

    private static TreeSet<String> fill(ObjectNode list, Map<String, JsonNode> defaults) {
        TreeSet<String> set = new TreeSet<>();
        defaults.forEach((resource, quantity) -> {
            if (!list.has(resource)) {
                list.set(resource, quantity.deepCopy());
                set.add(resource);
            }
        });
        return set;
    }

    private static ObjectNode child(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode node ? node : parent.putObject(field);
    }

    /** The range's Container and Pod items' min, max and ratio violations, in order. */
    static List<String> violations(ObjectNode pod, ObjectNode limitRange) {
        List<String> errors = new ArrayList<>();
        JsonNode spec = pod.path("spec");
        for (JsonNode item : limitRange.path("spec").path("limits")) {
            String type = item.path("type").asText("");
            if (type.equals("Container")) {
                for (String list : List.of("containers", "initContainers")) {
                    for (JsonNode container : spec.path(list)) {
                        JsonNode resources = container.path("resources");
                        check(
                                item,
                                type,
                                Constraints.resources(resources.path("requests")),
                                Constraints.resources(resources.path("limits")),
                                errors);
                    }
                }
            } else if (type.equals("Pod")) {
                check(item, type, podTotal(spec, "requests"), podTotal(spec, "limits"), errors);
            }
        }
        return errors;
    }

    private static void check(
            JsonNode item, String type, Map<String, String> requests, Map<String, String> limits, List<String> errors) {
        item.path("min")
                .properties()
                .forEach(e -> add(
                        errors, Constraints.min(type, e.getKey(), e.getValue().asText(), requests, limits)));
        item.path("max")
                .properties()
                .forEach(e -> add(
                        errors, Constraints.max(type, e.getKey(), e.getValue().asText(), requests, limits)));
        item.path("maxLimitRequestRatio")
                .properties()
                .forEach(e -> add(
                        errors,
                        Constraints.limitRequestRatio(
                                type, e.getKey(), e.getValue().asText(), requests, limits)));
    }

    private static void add(List<String> errors, Optional<String> error) {
        error.ifPresent(errors::add);
    }

    /**
     * The pod's requests or limits as a whole, as LimitRanger's podRequests/podLimits: the sum over
     * its containers and sidecars (init containers with restartPolicy Always), raised to what any
     * other init container needs while it runs beside the sidecars started before it.
     */
    static Map<String, String> podTotal(JsonNode spec, String list) {
        Map<String, Sum> total = new LinkedHashMap<>();
        for (JsonNode container : spec.path("containers")) {
            add(total, sums(container.path("resources").path(list)));
        }
        Map<String, Sum> sidecars = new LinkedHashMap<>();
        Map<String, Sum> initPeak = new LinkedHashMap<>();
        for (JsonNode container : spec.path("initContainers")) {
            Map<String, Sum> own = sums(container.path("resources").path(list));
            Map<String, Sum> whileRunning;
            if (container.path("restartPolicy").asText("").equals("Always")) {
                add(total, own);
                add(sidecars, own);
                whileRunning = sidecars;
            } else {
                whileRunning = new LinkedHashMap<>(own);
                add(whileRunning, sidecars);
            }
            raise(initPeak, whileRunning);
        }
        raise(total, initPeak);
        Map<String, String> result = new LinkedHashMap<>();
        total.forEach((resource, sum) -> result.put(resource, sum.format()));
        return result;
    }

    private static Map<String, Sum> sums(JsonNode resources) {
        Map<String, Sum> sums = new LinkedHashMap<>();
        resources.properties().forEach(e -> {
            String quantity = e.getValue().asText();
            sums.put(e.getKey(), new Sum(Quantities.parse(quantity), quantity.endsWith("i")));
        });
        return sums;
    }

    /** addResourceList: a sum keeps the format of the quantity first seen, as Quantity.Add does. */
    private static void add(Map<String, Sum> into, Map<String, Sum> more) {
        more.forEach((resource, sum) ->
                into.merge(resource, sum, (a, b) -> new Sum(a.amount().add(b.amount()), a.binary())));
    }

    /** maxResourceList: the larger quantity wins, format and all. */
    private static void raise(Map<String, Sum> into, Map<String, Sum> other) {
        other.forEach((resource, sum) ->
                into.merge(resource, sum, (a, b) -> b.amount().compareTo(a.amount()) > 0 ? b : a));
    }

    /** A total, written in the format of the first quantity it came from, as Quantity.Add keeps it. */
    private record Sum(BigDecimal amount, boolean binary) {
        String format() {
            BigDecimal exact = amount.stripTrailingZeros();
            if (binary && exact.signum() > 0 && exact.scale() <= 0) {
                BigInteger whole = exact.toBigIntegerExact();
                if (whole.mod(KIBI).signum() == 0) {
                    return Quantities.canonical(whole.divide(KIBI) + "Ki");
                }
            }
            return Quantities.canonical(exact.toPlainString());
        }
    }
}
