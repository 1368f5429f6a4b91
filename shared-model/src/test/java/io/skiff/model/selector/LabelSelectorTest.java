package io.skiff.model.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {

    private static final String NAME_PART_FORMAT = "name part must consist of alphanumeric characters, '-', '_' or '.',"
            + " and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc',"
            + " regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private static final String VALUE_FORMAT = "a valid label must be an empty string or consist of alphanumeric"
            + " characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', "
            + " or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    static Stream<Arguments> canonicalForms() {
        return Stream.of(
                arguments("empty selector", "", ""),
                arguments("blank selector", "  \t\n", ""),
                arguments("equality", "a=b", "a=b"),
                arguments("double equals kept as written", "a==b", "a==b"),
                arguments("inequality", "a!=b", "a!=b"),
                arguments("empty value", "a=", "a="),
                arguments("empty value before a comma", "a=,b", "a=,b"),
                arguments("exists", "a", "a"),
                arguments("does not exist", "!a", "!a"),
                arguments("does not exist with spaces", "! a", "!a"),
                arguments("set with sorted and deduplicated values", "a in (c,b,c)", "a in (b,c)"),
                arguments("set and does not exist", "a in (b,c),!d", "a in (b,c),!d"),
                arguments("notin", "a notin (b)", "a notin (b)"),
                arguments("empty set means the empty value", "x notin ()", "x notin ()"),
                arguments("leading comma in set adds the empty value", "x in (,a)", "x in (,a)"),
                arguments("trailing comma in set adds the empty value", "x in (a,)", "x in (,a)"),
                arguments("double comma in set adds the empty value", "x in (a,,b)", "x in (,a,b)"),
                arguments("the documented example", "x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
                arguments("requirements sorted by key", "z=1,a=2,m", "a=2,m,z=1"),
                arguments("whitespace around every token", "  a  in ( b , c ) ,  d != e  ", "a in (b,c),d!=e"),
                arguments("keywords are plain words as values", "a in (in,notin)", "a in (in,notin)"),
                arguments("keyword as a key", "in in (x)", "in in (x)"),
                arguments("keyword as an exact value", "a=notin", "a=notin"),
                arguments("greater than", "a>1", "a>1"),
                arguments("less than", "a < 5", "a<5"),
                arguments("prefixed key", "app.kubernetes.io/name=web", "app.kubernetes.io/name=web"),
                arguments("values with dots, dashes and underscores", "a=b.c-d_e", "a=b.c-d_e"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("canonicalForms")
    void parsesToTheCanonicalForm(String description, String selector, String canonical) {
        LabelSelector parsed = LabelSelector.parse(selector);

        assertThat(parsed.toString()).isEqualTo(canonical);
        assertThat(parsed.isEverything()).isEqualTo(canonical.isEmpty());
        assertThat(LabelSelector.parse(canonical).toString()).isEqualTo(canonical);
    }

    static Stream<Arguments> malformedSelectors() {
        return Stream.of(
                arguments(
                        "missing operator between key and value",
                        "a b",
                        "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
                arguments("trailing comma", "a=b,", "found '', expected: identifier after ','"),
                arguments("leading comma", ",a", "found ',', expected: !, identifier, or 'end of string'"),
                arguments("set without parenthesis", "a in b", "unable to parse requirement: found 'b' expected: '('"),
                arguments("unterminated set", "a in (b", "unable to parse requirement: found '', expected: ',' or ')'"),
                arguments(
                        "operator inside a set",
                        "a in (=)",
                        "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
                arguments(
                        "operator after a comma inside a set",
                        "a in (b,=)",
                        "unable to parse requirement: found '=', expected: ',', or identifier"),
                arguments("junk after a requirement", "a=b c", "found 'c', expected: ',' or 'end of string'"),
                arguments("does not exist with a value", "!a=b", "found '=', expected: ',' or 'end of string'"),
                arguments("bare not", "!", "unable to parse requirement: found '', expected: identifier"),
                arguments(
                        "parenthesis as a value",
                        "a=(b)",
                        "unable to parse requirement: found '(', expected: identifier"),
                arguments(
                        "invalid key characters",
                        "app:web",
                        "unable to parse requirement: <nil>: Invalid value: \"app:web\": " + NAME_PART_FORMAT),
                arguments(
                        "key with two slashes",
                        "a/b/c=d",
                        "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist"
                                + " of alphanumeric characters, '-', '_' or '.', and must start and end with an"
                                + " alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used"
                                + " for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS"
                                + " subdomain prefix and '/' (e.g. 'example.com/MyName')"),
                arguments(
                        "upper-case prefix",
                        "Example.com/a",
                        "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part a"
                                + " lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                                + " '-' or '.', and must start and end with an alphanumeric character (e.g."
                                + " 'example.com', regex used for validation is"
                                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                arguments(
                        "empty prefix",
                        "/a",
                        "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty"),
                arguments(
                        "over-long name part",
                        "a".repeat(64),
                        "unable to parse requirement: <nil>: Invalid value: \"" + "a".repeat(64)
                                + "\": name part must be no more than 63 characters"),
                arguments(
                        "invalid value",
                        "a=b@c",
                        "unable to parse requirement: values[0][a]: Invalid value: \"b@c\": " + VALUE_FORMAT),
                arguments(
                        "invalid value reported at its sorted position",
                        "a in (z@,b)",
                        "unable to parse requirement: values[1][a]: Invalid value: \"z@\": " + VALUE_FORMAT),
                arguments(
                        "over-long value",
                        "a=" + "b".repeat(64),
                        "unable to parse requirement: values[0][a]: Invalid value: \"" + "b".repeat(64)
                                + "\": must be no more than 63 characters"),
                arguments(
                        "non-integer bound",
                        "a>b",
                        "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators,"
                                + " the value must be an integer"),
                arguments(
                        "negative bound is not a valid label value",
                        "a<-5",
                        "unable to parse requirement: values[0][a]: Invalid value: \"-5\": " + VALUE_FORMAT),
                arguments(
                        "missing bound",
                        "a<",
                        "unable to parse requirement: values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators,"
                                + " the value must be an integer"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("malformedSelectors")
    void rejectsMalformedSelectorsWithKubernetesMessages(String description, String selector, String message) {
        assertThatThrownBy(() -> LabelSelector.parse(selector))
                .isInstanceOf(SelectorException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> matching() {
        Map<String, String> webProd = Map.of("app", "web", "env", "prod", "replicas", "3");
        return Stream.of(
                arguments("equality holds", "app=web", webProd, true),
                arguments("equality fails", "app=db", webProd, false),
                arguments("equality on a missing key fails", "tier=front", webProd, false),
                arguments("inequality holds", "env!=dev", webProd, true),
                arguments("inequality on a missing key holds", "tier!=front", webProd, true),
                arguments("inequality fails", "env!=prod", webProd, false),
                arguments("in holds", "env in (dev,prod)", webProd, true),
                arguments("in fails", "env in (dev,test)", webProd, false),
                arguments("in on a missing key fails", "tier in (a)", webProd, false),
                arguments("notin holds", "env notin (dev)", webProd, true),
                arguments("notin on a missing key holds", "tier notin (a)", webProd, true),
                arguments("notin fails", "env notin (prod)", webProd, false),
                arguments("exists holds", "app", webProd, true),
                arguments("exists fails", "tier", webProd, false),
                arguments("does not exist holds", "!tier", webProd, true),
                arguments("does not exist fails", "!app", webProd, false),
                arguments("empty value matches an empty label", "tier=", Map.of("tier", ""), true),
                arguments("empty value does not match a missing label", "tier=", webProd, false),
                arguments("notin () excludes only the empty value", "x notin ()", Map.of("x", "a"), true),
                arguments("notin () excludes the empty value", "x notin ()", Map.of("x", ""), false),
                arguments("all requirements must hold", "app=web,env=dev", webProd, false),
                arguments("set and does not exist hold together", "app in (web,db),!tier", webProd, true),
                arguments("greater than holds", "replicas>2", webProd, true),
                arguments("greater than fails", "replicas>3", webProd, false),
                arguments("less than holds", "replicas<4", webProd, true),
                arguments("greater than on a non-integer label fails", "app>1", webProd, false),
                arguments("greater than on a missing label fails", "tier>1", webProd, false),
                arguments("everything matches no labels", "", Map.of(), true));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("matching")
    void matchesLabelsAsKubernetesDoes(
            String description, String selector, Map<String, String> labels, boolean matches) {
        assertThat(LabelSelector.parse(selector).matches(labels)).isEqualTo(matches);
    }

    @Test
    void treatsNullLabelsAsNoLabels() {
        assertThat(LabelSelector.parse("!app").matches(null)).isTrue();
        assertThat(LabelSelector.parse("app").matches(null)).isFalse();
    }

    @Test
    void convertsAnApiSelectorWithLabelsAndExpressions() {
        LabelSelector selector = LabelSelector.fromApi(new LabelSelectorBuilder()
                .addToMatchLabels("app", "web")
                .addNewMatchExpression()
                .withKey("env")
                .withOperator("In")
                .withValues("prod", "dev")
                .endMatchExpression()
                .addNewMatchExpression()
                .withKey("canary")
                .withOperator("DoesNotExist")
                .endMatchExpression()
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("NotIn")
                .withValues("db")
                .endMatchExpression()
                .addNewMatchExpression()
                .withKey("team")
                .withOperator("Exists")
                .endMatchExpression()
                .build());

        assertThat(selector.toString()).isEqualTo("app=web,!canary,env in (dev,prod),team,tier notin (db)");
        assertThat(selector.matches(Map.of("app", "web", "env", "dev", "team", "a")))
                .isTrue();
        assertThat(selector.matches(Map.of("app", "web", "env", "dev", "team", "a", "canary", "1")))
                .isFalse();
    }

    @Test
    void readsAMissingApiSelectorAsNothingAndAnEmptyOneAsEverything() {
        LabelSelector missing = LabelSelector.fromApi(null);
        LabelSelector empty = LabelSelector.fromApi(new LabelSelectorBuilder().build());

        assertThat(missing.isNothing()).isTrue();
        assertThat(missing.isEverything()).isFalse();
        assertThat(missing.matches(Map.of())).isFalse();
        assertThat(empty.isEverything()).isTrue();
        assertThat(empty.matches(Map.of("any", "thing"))).isTrue();
    }

    static Stream<Arguments> invalidApiSelectors() {
        return Stream.of(
                arguments(
                        "unknown operator",
                        expression("a", "Equals"),
                        "\"Equals\" is not a valid label selector operator"),
                arguments(
                        "in without values",
                        expression("a", "In"),
                        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"),
                arguments(
                        "exists with values",
                        expression("a", "Exists", "x", "y"),
                        "values: Invalid value: []string{\"x\", \"y\"}: values set must be empty for exists and does"
                                + " not exist"),
                arguments(
                        "invalid key and value aggregated",
                        expression("a b", "In", "c d"),
                        "[key: Invalid value: \"a b\": " + NAME_PART_FORMAT + ", values[0][a b]: Invalid value: \"c"
                                + " d\": " + VALUE_FORMAT + "]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidApiSelectors")
    void rejectsInvalidApiSelectors(String description, LabelSelectorRequirement expression, String message) {
        io.fabric8.kubernetes.api.model.LabelSelector selector =
                new LabelSelectorBuilder().withMatchExpressions(expression).build();

        assertThatThrownBy(() -> LabelSelector.fromApi(selector))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }

    @Test
    void buildsSetSelectorsWithoutValidation() {
        Map<String, String> labels = new HashMap<>();
        labels.put("b", "2");
        labels.put("a", "1");

        assertThat(LabelSelector.fromSet(labels).toString()).isEqualTo("a=1,b=2");
        assertThat(LabelSelector.fromSet(labels).matches(Map.of("a", "1", "b", "2", "c", "3")))
                .isTrue();
        assertThat(LabelSelector.fromSet(Map.of()).isEverything()).isTrue();
        assertThat(LabelSelector.fromSet(null).isEverything()).isTrue();
    }

    @Test
    void everythingAndNothingPrintEmpty() {
        assertThat(LabelSelector.everything().toString()).isEmpty();
        assertThat(LabelSelector.nothing().toString()).isEmpty();
        assertThat(LabelSelector.everything().matches(Map.of())).isTrue();
        assertThat(LabelSelector.nothing().matches(Map.of())).isFalse();
    }

    private static LabelSelectorRequirement expression(String key, String operator, String... values) {
        return new LabelSelectorRequirement(key, operator, List.copyOf(Arrays.asList(values)));
    }
}
