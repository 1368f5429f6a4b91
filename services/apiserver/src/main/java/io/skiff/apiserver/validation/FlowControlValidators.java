package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * flowcontrol.apiserver.k8s.io FlowSchemas and PriorityLevelConfigurations, after Kubernetes'
 * flowcontrol validation: precedences in range, rules with subjects and something to match, wildcards
 * alone in their list, limited levels with a limit response, queuing that fits its queues.
 */
final class FlowControlValidators {

    static final String GROUP = "flowcontrol.apiserver.k8s.io";

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final int MAX_MATCHING_PRECEDENCE = 10000;
    private static final List<String> DISTINGUISHER_METHODS = List.of("ByUser", "ByNamespace");
    private static final List<String> SUBJECT_KINDS = List.of("Group", "ServiceAccount", "User");
    private static final List<String> LEVEL_TYPES = List.of("Exempt", "Limited");
    private static final List<String> LIMIT_RESPONSE_TYPES = List.of("Queue", "Reject");

    private FlowControlValidators() {}

    static final class FlowSchemaValidator implements KindValidator {

        @Override
        public void validate(ObjectNode schema, ObjectNode old, Causes causes) {
            JsonNode spec = Json.objectOrEmpty(schema, "spec");
            long precedence = Json.longOr(spec, "matchingPrecedence", 1000);
            if (precedence <= 0) {
                causes.invalid(SPEC.child("matchingPrecedence"), precedence, "must be a positive value");
            } else if (precedence > MAX_MATCHING_PRECEDENCE) {
                causes.invalid(
                        SPEC.child("matchingPrecedence"),
                        precedence,
                        "must not be greater than " + MAX_MATCHING_PRECEDENCE);
            }
            JsonNode distinguisher = Json.object(spec, "distinguisherMethod");
            if (distinguisher != null) {
                String type = Json.string(distinguisher, "type");
                if (!DISTINGUISHER_METHODS.contains(type)) {
                    causes.notSupported(SPEC.child("distinguisherMethod", "type"), type, DISTINGUISHER_METHODS);
                }
            }
            if (Json.string(Json.objectOrEmpty(spec, "priorityLevelConfiguration"), "name")
                    .isEmpty()) {
                causes.required(SPEC.child("priorityLevelConfiguration", "name"), "must reference a priority level");
            }
            ArrayNode rules = Json.array(spec, "rules");
            for (int i = 0; rules != null && i < rules.size(); i++) {
                rule(rules.get(i), SPEC.child("rules").index(i), causes);
            }
        }

        private static void rule(JsonNode rule, FieldPath path, Causes causes) {
            ArrayNode subjects = Json.array(rule, "subjects");
            if (Json.isEmpty(subjects)) {
                causes.required(path.child("subjects"), "subjects must contain at least one value");
            }
            for (int i = 0; subjects != null && i < subjects.size(); i++) {
                subject(subjects.get(i), path.child("subjects").index(i), causes);
            }
            ArrayNode resourceRules = Json.array(rule, "resourceRules");
            ArrayNode nonResourceRules = Json.array(rule, "nonResourceRules");
            if (Json.isEmpty(resourceRules) && Json.isEmpty(nonResourceRules)) {
                causes.required(path, "at least one of resourceRules and nonResourceRules has to be non-empty");
            }
            for (int i = 0; resourceRules != null && i < resourceRules.size(); i++) {
                JsonNode resourceRule = resourceRules.get(i);
                FieldPath at = path.child("resourceRules").index(i);
                list(resourceRule, "verbs", at, causes);
                list(resourceRule, "apiGroups", at, causes);
                list(resourceRule, "resources", at, causes);
                ArrayNode namespaces = Json.array(resourceRule, "namespaces");
                if (Json.isEmpty(namespaces) && !Json.isTrue(resourceRule, "clusterScope")) {
                    causes.required(
                            at.child("namespaces"),
                            "resource rules that are not cluster scoped must supply at least one namespace");
                } else if (namespaces != null) {
                    wildcardAlone(namespaces, at.child("namespaces"), causes);
                }
            }
            for (int i = 0; nonResourceRules != null && i < nonResourceRules.size(); i++) {
                JsonNode nonResourceRule = nonResourceRules.get(i);
                FieldPath at = path.child("nonResourceRules").index(i);
                list(nonResourceRule, "verbs", at, causes);
                list(nonResourceRule, "nonResourceURLs", at, causes);
            }
        }

        private static void subject(JsonNode subject, FieldPath path, Causes causes) {
            String kind = Json.string(subject, "kind");
            switch (kind) {
                case "User" -> named(subject, "user", "username is required", path, causes);
                case "Group" -> named(subject, "group", "name is required", path, causes);
                case "ServiceAccount" -> {
                    named(subject, "serviceAccount", "name is required", path, causes);
                    JsonNode account = Json.object(subject, "serviceAccount");
                    if (account != null && Json.string(account, "namespace").isEmpty()) {
                        causes.required(
                                path.child("serviceAccount", "namespace"),
                                "must specify namespace for service account");
                    }
                }
                default -> causes.notSupported(path.child("kind"), kind, SUBJECT_KINDS);
            }
        }

        private static void named(JsonNode subject, String field, String detail, FieldPath path, Causes causes) {
            JsonNode named = Json.object(subject, field);
            if (named == null) {
                causes.required(path.child(field), "");
            } else if (Json.string(named, "name").isEmpty()) {
                causes.required(path.child(field, "name"), detail);
            }
        }

        private static void list(JsonNode rule, String field, FieldPath path, Causes causes) {
            ArrayNode values = Json.array(rule, field);
            if (Json.isEmpty(values)) {
                causes.required(path.child(field), field + " must contain at least one value");
                return;
            }
            wildcardAlone(values, path.child(field), causes);
        }

        private static void wildcardAlone(ArrayNode values, FieldPath path, Causes causes) {
            if (values.size() > 1 && Json.contains(values, "*")) {
                causes.invalid(path, values, "if '*' is present, must not specify other values");
            }
        }
    }

    static final class PriorityLevelValidator implements KindValidator {

        @Override
        public void validate(ObjectNode level, ObjectNode old, Causes causes) {
            JsonNode spec = Json.objectOrEmpty(level, "spec");
            String name = Json.string(Json.objectOrEmpty(level, "metadata"), "name");
            String type = Json.string(spec, "type");
            JsonNode limited = Json.object(spec, "limited");
            JsonNode exempt = Json.object(spec, "exempt");
            switch (type) {
                case "Exempt" -> {
                    if (!name.equals("exempt")) {
                        causes.invalid(SPEC.child("type"), type, "only 'exempt' priority level can have type 'Exempt'");
                    }
                    if (limited != null) {
                        causes.forbidden(SPEC.child("limited"), "must be nil if the type is not Limited");
                    }
                    if (exempt != null) {
                        shares(exempt, SPEC.child("exempt"), causes);
                    }
                }
                case "Limited" -> {
                    if (exempt != null) {
                        causes.forbidden(SPEC.child("exempt"), "must be nil if the type is Limited");
                    }
                    if (limited == null) {
                        causes.required(SPEC.child("limited"), "must not be empty when type is Limited");
                    } else {
                        limited(limited, SPEC.child("limited"), causes);
                    }
                }
                default -> causes.notSupported(SPEC.child("type"), type, LEVEL_TYPES);
            }
        }

        private static void limited(JsonNode limited, FieldPath path, Causes causes) {
            shares(limited, path, causes);
            if (Json.hasNumber(limited, "borrowingLimitPercent")
                    && limited.get("borrowingLimitPercent").longValue() < 0) {
                causes.invalid(
                        path.child("borrowingLimitPercent"),
                        limited.get("borrowingLimitPercent").longValue(),
                        "if specified, must be a non-negative integer");
            }
            JsonNode response = Json.objectOrEmpty(limited, "limitResponse");
            FieldPath responsePath = path.child("limitResponse");
            String type = Json.string(response, "type");
            JsonNode queuing = Json.object(response, "queuing");
            switch (type) {
                case "Queue" -> {
                    if (queuing == null) {
                        causes.required(responsePath.child("queuing"), "must not be empty if type is Queue");
                    } else {
                        queuing(queuing, responsePath.child("queuing"), causes);
                    }
                }
                case "Reject" -> {
                    if (queuing != null) {
                        causes.forbidden(
                                responsePath.child("queuing"),
                                "must be nil if limited.limitResponse.type is not Limited");
                    }
                }
                default -> causes.notSupported(responsePath.child("type"), type, LIMIT_RESPONSE_TYPES);
            }
        }

        private static void shares(JsonNode config, FieldPath path, Causes causes) {
            long shares = Json.longOr(config, "nominalConcurrencyShares", 0);
            if (shares < 0) {
                causes.invalid(path.child("nominalConcurrencyShares"), shares, "must be a non-negative integer");
            }
            long lendable = Json.longOr(config, "lendablePercent", 0);
            if (lendable < 0 || lendable > 100) {
                causes.invalid(path.child("lendablePercent"), lendable, "must be between 0 and 100, inclusive");
            }
        }

        private static void queuing(JsonNode queuing, FieldPath path, Causes causes) {
            long queues = Json.longOr(queuing, "queues", 64);
            long handSize = Json.longOr(queuing, "handSize", 8);
            long queueLengthLimit = Json.longOr(queuing, "queueLengthLimit", 50);
            if (queueLengthLimit <= 0) {
                causes.invalid(path.child("queueLengthLimit"), queueLengthLimit, "must be positive");
            }
            if (queues <= 0) {
                causes.invalid(path.child("queues"), queues, "must be positive");
            }
            if (handSize <= 0) {
                causes.invalid(path.child("handSize"), handSize, "must be positive");
            } else if (handSize > queues && queues > 0) {
                causes.invalid(path.child("handSize"), handSize, "should not be greater than queues (" + queues + ")");
            }
        }
    }
}
