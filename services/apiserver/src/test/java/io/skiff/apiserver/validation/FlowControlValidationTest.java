package io.skiff.apiserver.validation;

import static io.skiff.apiserver.validation.TestObjects.Expected.cause;
import static io.skiff.apiserver.validation.TestObjects.assertCauses;
import static io.skiff.apiserver.validation.TestObjects.type;
import static io.skiff.apiserver.validation.TestObjects.with;
import static io.skiff.apiserver.validation.TestObjects.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.flowcontrol.ConfigurationObjects;
import io.skiff.apiserver.flowcontrol.DefaultFlowSchemas;
import io.skiff.apiserver.flowcontrol.PriorityLevel;
import io.skiff.apiserver.validation.TestObjects.Expected;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FlowSchemas and PriorityLevelConfigurations. */
class FlowControlValidationTest {

    private static final ObjectValidation VALIDATION = ObjectValidation.builtin();
    private static final ResourceType SCHEMAS = type("flowcontrol.apiserver.k8s.io", "FlowSchema", false);
    private static final ResourceType LEVELS =
            type("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration", false);
    private static final String REQUIRED = Causes.REQUIRED;
    private static final String INVALID = Causes.INVALID;
    private static final String NOT_SUPPORTED = Causes.NOT_SUPPORTED;
    private static final String FORBIDDEN = Causes.FORBIDDEN;

    static final ObjectNode SCHEMA = yaml("""
            metadata: {name: batch-jobs}
            spec:
              priorityLevelConfiguration: {name: workload-low}
              matchingPrecedence: 5000
              distinguisherMethod: {type: ByNamespace}
              rules:
              - subjects: [{kind: Group, group: {name: batch-runners}}]
                resourceRules: [{verbs: ["*"], apiGroups: [batch], resources: [jobs], namespaces: ["*"]}]
            """);
    static final ObjectNode LEVEL = yaml("""
            metadata: {name: batch}
            spec:
              type: Limited
              limited:
                nominalConcurrencyShares: 10
                lendablePercent: 20
                limitResponse: {type: Queue, queuing: {queues: 16, handSize: 4, queueLengthLimit: 50}}
            """);

    @Test
    void theGeneratedDefaultsAreValid() {
        DefaultFlowSchemas.all()
                .forEach(schema -> assertThat(
                                VALIDATION.validateCreate(SCHEMAS, ConfigurationObjects.flowSchema(schema)))
                        .as(schema.name())
                        .isEmpty());
        PriorityLevel.defaults()
                .forEach(level -> assertThat(
                                VALIDATION.validateCreate(LEVELS, ConfigurationObjects.priorityLevel(level)))
                        .as(level.name())
                        .isEmpty());
    }

    static Stream<Arguments> creates() {
        return Stream.of(
                create("a flow schema", SCHEMAS, SCHEMA),
                create(
                        "a precedence beyond 10000",
                        SCHEMAS,
                        with(SCHEMA, "spec.matchingPrecedence", 10001),
                        cause("spec.matchingPrecedence", INVALID)),
                create(
                        "a zero precedence",
                        SCHEMAS,
                        with(SCHEMA, "spec.matchingPrecedence", 0),
                        cause("spec.matchingPrecedence", INVALID)),
                create(
                        "an unknown distinguisher",
                        SCHEMAS,
                        with(SCHEMA, "spec.distinguisherMethod.type", "ByGroup"),
                        cause(
                                "spec.distinguisherMethod.type",
                                NOT_SUPPORTED,
                                "Unsupported value: \"ByGroup\": supported values: \"ByUser\", \"ByNamespace\"")),
                create(
                        "no priority level",
                        SCHEMAS,
                        with(SCHEMA, "spec.priorityLevelConfiguration.name", ""),
                        cause("spec.priorityLevelConfiguration.name", REQUIRED)),
                create(
                        "a rule without subjects",
                        SCHEMAS,
                        with(SCHEMA, "spec.rules[0].subjects", "[]"),
                        cause("spec.rules[0].subjects", REQUIRED)),
                create(
                        "a rule that matches nothing",
                        SCHEMAS,
                        with(SCHEMA, "spec.rules[0].resourceRules", null),
                        cause("spec.rules[0]", REQUIRED)),
                create(
                        "a wildcard among other verbs",
                        SCHEMAS,
                        with(SCHEMA, "spec.rules[0].resourceRules[0].verbs", "['*', get]"),
                        cause("spec.rules[0].resourceRules[0].verbs", INVALID)),
                create(
                        "a namespaced rule without namespaces",
                        SCHEMAS,
                        with(SCHEMA, "spec.rules[0].resourceRules[0].namespaces", null),
                        cause("spec.rules[0].resourceRules[0].namespaces", REQUIRED)),
                create(
                        "a user subject without a name",
                        SCHEMAS,
                        with(SCHEMA, "spec.rules[0].subjects[0]", "{kind: User, user: {name: ''}}"),
                        cause("spec.rules[0].subjects[0].user.name", REQUIRED)),
                create("a priority level", LEVELS, LEVEL),
                create(
                        "a hand larger than the queues",
                        LEVELS,
                        with(LEVEL, "spec.limited.limitResponse.queuing.handSize", 20),
                        cause(
                                "spec.limited.limitResponse.queuing.handSize",
                                INVALID,
                                "Invalid value: 20: should not be greater than queues (16)")),
                create(
                        "a lendable percent over 100",
                        LEVELS,
                        with(LEVEL, "spec.limited.lendablePercent", 101),
                        cause("spec.limited.lendablePercent", INVALID)),
                create(
                        "queuing on a rejecting level",
                        LEVELS,
                        with(LEVEL, "spec.limited.limitResponse.type", "Reject"),
                        cause("spec.limited.limitResponse.queuing", FORBIDDEN)),
                create(
                        "a limited level without limits",
                        LEVELS,
                        with(LEVEL, "spec.limited", null),
                        cause("spec.limited", REQUIRED)),
                create(
                        "an exempt level of another name",
                        LEVELS,
                        yaml("{metadata: {name: vip}, spec: {type: Exempt}}"),
                        cause("spec.type", INVALID)),
                create(
                        "an unknown type",
                        LEVELS,
                        with(LEVEL, "spec.type", "Unlimited"),
                        cause("spec.type", NOT_SUPPORTED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesOnCreate(String name, ResourceType type, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateCreate(type, object), expected);
    }

    static Arguments create(String name, ResourceType type, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, object, List.of(expected));
    }
}
