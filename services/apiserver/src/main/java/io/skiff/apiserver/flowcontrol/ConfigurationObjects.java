package io.skiff.apiserver.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.flowcontrol.FlowSchema.Distinguisher;
import io.skiff.apiserver.flowcontrol.PolicyRulesWithSubjects.NonResourcePolicyRule;
import io.skiff.apiserver.flowcontrol.PolicyRulesWithSubjects.ResourcePolicyRule;
import io.skiff.apiserver.flowcontrol.PolicyRulesWithSubjects.Subject;
import io.skiff.model.json.KubeJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The flowcontrol.apiserver.k8s.io/v1 FlowSchema and PriorityLevelConfiguration objects of the
 * configuration the filter runs ({@link DefaultFlowSchemas}, {@link PriorityLevel#defaults()}),
 * written as kube-apiserver's bootstrap writes its own: each annotated
 * {@code apf.kubernetes.io/autoupdate-spec: "true"}.
 */
public final class ConfigurationObjects {

    public static final String API_VERSION = "flowcontrol.apiserver.k8s.io/v1";
    public static final String AUTOUPDATE_SPEC = "apf.kubernetes.io/autoupdate-spec";

    private ConfigurationObjects() {}

    public static ObjectNode flowSchema(FlowSchema schema) {
        ObjectNode object = object("FlowSchema", schema.name());
        ObjectNode spec = object.putObject("spec");
        spec.putObject("priorityLevelConfiguration").put("name", schema.priorityLevel());
        spec.put("matchingPrecedence", schema.matchingPrecedence());
        if (schema.distinguisher().type != null) {
            spec.putObject("distinguisherMethod").put("type", schema.distinguisher().type);
        }
        ArrayNode rules = spec.putArray("rules");
        for (PolicyRulesWithSubjects rule : schema.rules()) {
            ObjectNode ruleJson = rules.addObject();
            ArrayNode subjects = ruleJson.putArray("subjects");
            rule.subjects().forEach(subject -> subjects.add(subject(subject)));
            if (!rule.resourceRules().isEmpty()) {
                ArrayNode resourceRules = ruleJson.putArray("resourceRules");
                rule.resourceRules().forEach(r -> resourceRules.add(resourceRule(r)));
            }
            if (!rule.nonResourceRules().isEmpty()) {
                ArrayNode nonResourceRules = ruleJson.putArray("nonResourceRules");
                rule.nonResourceRules().forEach(r -> nonResourceRules.add(nonResourceRule(r)));
            }
        }
        return object;
    }

    /**
     * The schema a stored FlowSchema defines, read back as {@link #flowSchema} writes it (Kubernetes'
     * default precedence 1000 when unset); empty for an object too malformed to match anything.
     */
    public static Optional<FlowSchema> parseFlowSchema(JsonNode object) {
        String name = object.path("metadata").path("name").asText("");
        JsonNode spec = object.path("spec");
        String level = spec.path("priorityLevelConfiguration").path("name").asText("");
        if (name.isEmpty() || level.isEmpty()) {
            return Optional.empty();
        }
        Distinguisher distinguisher =
                switch (spec.path("distinguisherMethod").path("type").asText("")) {
                    case "ByUser" -> Distinguisher.BY_USER;
                    case "ByNamespace" -> Distinguisher.BY_NAMESPACE;
                    default -> Distinguisher.NONE;
                };
        List<PolicyRulesWithSubjects> rules = new ArrayList<>();
        for (JsonNode rule : spec.path("rules")) {
            List<Subject> subjects = new ArrayList<>();
            for (JsonNode subject : rule.path("subjects")) {
                parseSubject(subject).ifPresent(subjects::add);
            }
            List<ResourcePolicyRule> resourceRules = new ArrayList<>();
            for (JsonNode r : rule.path("resourceRules")) {
                resourceRules.add(new ResourcePolicyRule(
                        strings(r.path("verbs")),
                        strings(r.path("apiGroups")),
                        strings(r.path("resources")),
                        r.path("clusterScope").asBoolean(false),
                        strings(r.path("namespaces"))));
            }
            List<NonResourcePolicyRule> nonResourceRules = new ArrayList<>();
            for (JsonNode r : rule.path("nonResourceRules")) {
                nonResourceRules.add(
                        new NonResourcePolicyRule(strings(r.path("verbs")), strings(r.path("nonResourceURLs"))));
            }
            rules.add(new PolicyRulesWithSubjects(subjects, resourceRules, nonResourceRules));
        }
        int precedence = spec.path("matchingPrecedence").asInt(1000);
        return Optional.of(new FlowSchema(name, precedence, level, distinguisher, rules));
    }

    private static Optional<Subject> parseSubject(JsonNode subject) {
        return switch (subject.path("kind").asText("")) {
            case "User" ->
                Optional.of(Subject.user(subject.path("user").path("name").asText("")));
            case "Group" ->
                Optional.of(Subject.group(subject.path("group").path("name").asText("")));
            case "ServiceAccount" ->
                Optional.of(Subject.serviceAccount(
                        subject.path("serviceAccount").path("namespace").asText(""),
                        subject.path("serviceAccount").path("name").asText("")));
            default -> Optional.empty();
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    public static ObjectNode priorityLevel(PriorityLevel level) {
        ObjectNode object = object("PriorityLevelConfiguration", level.name());
        ObjectNode spec = object.putObject("spec");
        if (level.exempt()) {
            spec.put("type", "Exempt");
            spec.putObject("exempt")
                    .put("nominalConcurrencyShares", level.nominalConcurrencyShares())
                    .put("lendablePercent", level.lendablePercent());
            return object;
        }
        spec.put("type", "Limited");
        ObjectNode limited = spec.putObject("limited")
                .put("nominalConcurrencyShares", level.nominalConcurrencyShares())
                .put("lendablePercent", level.lendablePercent());
        ObjectNode limitResponse = limited.putObject("limitResponse");
        if (level.queues() == 0) {
            limitResponse.put("type", "Reject");
        } else {
            limitResponse.put("type", "Queue");
            limitResponse
                    .putObject("queuing")
                    .put("queues", level.queues())
                    .put("handSize", level.handSize())
                    .put("queueLengthLimit", level.queueLengthLimit());
        }
        return object;
    }

    /** The Dangling condition kube-apiserver's configuration controller keeps on a FlowSchema. */
    static ObjectNode danglingCondition(String priorityLevel, boolean exists, String now) {
        ObjectNode condition = KubeJson.mapper().createObjectNode();
        condition.put("type", "Dangling");
        condition.put("status", exists ? "False" : "True");
        condition.put("lastTransitionTime", now);
        condition.put("reason", exists ? "Found" : "NotFound");
        condition.put(
                "message",
                exists
                        ? "This FlowSchema references the PriorityLevelConfiguration object named \"" + priorityLevel
                                + "\" and it exists"
                        : "This FlowSchema references the PriorityLevelConfiguration object named \"" + priorityLevel
                                + "\" but there is no such object");
        return condition;
    }

    private static ObjectNode object(String kind, String name) {
        ObjectNode object = KubeJson.mapper().createObjectNode();
        object.put("apiVersion", API_VERSION).put("kind", kind);
        ObjectNode metadata = object.putObject("metadata").put("name", name);
        metadata.putObject("annotations").put(AUTOUPDATE_SPEC, "true");
        return object;
    }

    private static ObjectNode subject(Subject subject) {
        ObjectNode json = KubeJson.mapper().createObjectNode();
        json.put("kind", subject.kind().name());
        switch (subject.kind()) {
            case User -> json.putObject("user").put("name", subject.name());
            case Group -> json.putObject("group").put("name", subject.name());
            case ServiceAccount ->
                json.putObject("serviceAccount")
                        .put("namespace", subject.namespace())
                        .put("name", subject.name());
        }
        return json;
    }

    private static ObjectNode resourceRule(ResourcePolicyRule rule) {
        ObjectNode json = KubeJson.mapper().createObjectNode();
        strings(json.putArray("verbs"), rule.verbs());
        strings(json.putArray("apiGroups"), rule.apiGroups());
        strings(json.putArray("resources"), rule.resources());
        if (rule.clusterScope()) {
            json.put("clusterScope", true);
        }
        if (!rule.namespaces().isEmpty()) {
            strings(json.putArray("namespaces"), rule.namespaces());
        }
        return json;
    }

    private static ObjectNode nonResourceRule(NonResourcePolicyRule rule) {
        ObjectNode json = KubeJson.mapper().createObjectNode();
        strings(json.putArray("verbs"), rule.verbs());
        strings(json.putArray("nonResourceURLs"), rule.nonResourceURLs());
        return json;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
