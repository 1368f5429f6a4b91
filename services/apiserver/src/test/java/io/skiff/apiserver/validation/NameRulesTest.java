package io.skiff.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NameRulesTest {

    private static final String LABEL_ERROR = "a lowercase RFC 1123 label must consist of lower case alphanumeric"
            + " characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or"
            + " '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private static final String SUBDOMAIN_ERROR = "a lowercase RFC 1123 subdomain must consist of lower case"
            + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
            + " 'example.com', regex used for validation is"
            + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String DNS1035_ERROR = "a DNS-1035 label must consist of lower case alphanumeric"
            + " characters or '-', start with an alphabetic character, and end with an alphanumeric character"
            + " (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    private static final String NAME_PART_ERROR = "name part must consist of alphanumeric characters, '-', '_' or"
            + " '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or"
            + " '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private static final String LABEL_VALUE_ERROR = "a valid label must be an empty string or consist of"
            + " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
            + " (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is"
            + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    static Stream<Arguments> cases() {
        Function<String, List<String>> label = NameRules::isDns1123Label;
        Function<String, List<String>> subdomain = NameRules::isDns1123Subdomain;
        Function<String, List<String>> dns1035 = NameRules::isDns1035Label;
        Function<String, List<String>> qualified = NameRules::isQualifiedName;
        Function<String, List<String>> labelValue = NameRules::isLabelValue;
        Function<String, List<String>> pathSegment = NameRules::isPathSegmentName;
        Function<String, List<String>> configKey = NameRules::isConfigMapKey;
        Function<String, List<String>> portName = NameRules::isPortName;
        return Stream.of(
                Arguments.of("label: lowercase with dashes is valid", label, "web-1", List.of()),
                Arguments.of("label: uppercase and underscore", label, "Foo_Bar", List.of(LABEL_ERROR)),
                Arguments.of(
                        "label: a valid subdomain is only wrong for its dots",
                        label,
                        "a.b",
                        List.of("must not contain dots")),
                Arguments.of("label: trailing dash", label, "web-", List.of(LABEL_ERROR)),
                Arguments.of("label: empty", label, "", List.of(LABEL_ERROR)),
                Arguments.of(
                        "label: 64 characters", label, "a".repeat(64), List.of("must be no more than 63 characters")),
                Arguments.of("subdomain: dotted name is valid", subdomain, "my-app.example.com", List.of()),
                Arguments.of("subdomain: uppercase and underscore", subdomain, "Foo_Bar", List.of(SUBDOMAIN_ERROR)),
                Arguments.of("subdomain: empty label between dots", subdomain, "a..b", List.of(SUBDOMAIN_ERROR)),
                Arguments.of(
                        "subdomain: 254 characters",
                        subdomain,
                        "a".repeat(254),
                        List.of("must be no more than 253 characters")),
                Arguments.of("DNS-1035: starts with a letter", dns1035, "web", List.of()),
                Arguments.of("DNS-1035: starts with a digit", dns1035, "1web", List.of(DNS1035_ERROR)),
                Arguments.of("qualified name: prefixed", qualified, "app.kubernetes.io/name", List.of()),
                Arguments.of("qualified name: mixed case name", qualified, "MyName", List.of()),
                Arguments.of("qualified name: leading dash", qualified, "-bad", List.of(NAME_PART_ERROR)),
                Arguments.of(
                        "qualified name: empty prefix", qualified, "/name", List.of("prefix part must be non-empty")),
                Arguments.of(
                        "qualified name: uppercase prefix",
                        qualified,
                        "Example.com/name",
                        List.of("prefix part " + SUBDOMAIN_ERROR)),
                Arguments.of(
                        "qualified name: empty name part",
                        qualified,
                        "example.com/",
                        List.of("name part must be non-empty", NAME_PART_ERROR)),
                Arguments.of(
                        "qualified name: 64-character name part",
                        qualified,
                        "x".repeat(64),
                        List.of("name part must be no more than 63 characters")),
                Arguments.of(
                        "qualified name: two slashes",
                        qualified,
                        "a/b/c",
                        List.of("a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must"
                                + " start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or"
                                + " '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
                                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")),
                Arguments.of("label value: empty is valid", labelValue, "", List.of()),
                Arguments.of("label value: with space", labelValue, "bad value", List.of(LABEL_VALUE_ERROR)),
                Arguments.of(
                        "label value: 64 characters",
                        labelValue,
                        "v".repeat(64),
                        List.of("must be no more than 63 characters")),
                Arguments.of("path segment: ordinary name", pathSegment, "system:controller:foo", List.of()),
                Arguments.of("path segment: dot-dot", pathSegment, "..", List.of("may not be '..'")),
                Arguments.of(
                        "path segment: slash and percent",
                        pathSegment,
                        "a/b%c",
                        List.of("may not contain '/'", "may not contain '%'")),
                Arguments.of("config key: file-like key is valid", configKey, "tls.crt", List.of()),
                Arguments.of(
                        "config key: space",
                        configKey,
                        "a b",
                        List.of("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g."
                                + " 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is"
                                + " '[-._a-zA-Z0-9]+')")),
                Arguments.of(
                        "config key: starts with dot-dot", configKey, "..data", List.of("must not start with '..'")),
                Arguments.of("port name: ordinary", portName, "http-metrics", List.of()),
                Arguments.of(
                        "port name: uppercase",
                        portName,
                        "HTTP",
                        List.of(
                                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                                "must contain at least one letter (a-z)")),
                Arguments.of(
                        "port name: digits only", portName, "8080", List.of("must contain at least one letter (a-z)")),
                Arguments.of(
                        "port name: double hyphen", portName, "a--b", List.of("must not contain consecutive hyphens")),
                Arguments.of(
                        "port name: leading hyphen", portName, "-web", List.of("must not begin or end with a hyphen")),
                Arguments.of(
                        "port name: 16 characters",
                        portName,
                        "abcdefghijklmnop",
                        List.of("must be no more than 15 characters")),
                Arguments.of(
                        "percent: missing sign",
                        (Function<String, List<String>>) NameRules::isPercent,
                        "25",
                        List.of("a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%', "
                                + " or '93%', regex used for validation is '[0-9]+%')")),
                Arguments.of(
                        "wildcard subdomain: two wildcards",
                        (Function<String, List<String>>) NameRules::isWildcardDns1123Subdomain,
                        "*.*.example.com",
                        List.of("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain,"
                                + " which must consist of lower case alphanumeric characters, '-' or '.' and end with an"
                                + " alphanumeric character (e.g. '*.example.com', regex used for validation is"
                                + " '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")),
                Arguments.of(
                        "environment variable: strict syntax rejects a leading digit",
                        (Function<String, List<String>>) NameRules::isEnvVarName,
                        "1ABC",
                        List.of("a valid environment variable name must consist of alphabetic characters, digits, '_',"
                                + " '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME', "
                                + " or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")),
                Arguments.of(
                        "environment variable: relaxed syntax rejects '='",
                        (Function<String, List<String>>) NameRules::isRelaxedEnvVarName,
                        "A=B",
                        List.of("a valid environment variable name must consist only of printable ASCII characters"
                                + " other than '='")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsKubernetesMessages(
            String name, Function<String, List<String>> check, String value, List<String> expected) {
        assertThat(check.apply(value)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "port {0}")
    @MethodSource("ports")
    void portNumbersAreOneTo65535(long port, List<String> expected) {
        assertThat(NameRules.isPortNumber(port)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> ports() {
        return Stream.of(
                Arguments.of(1, List.of()),
                Arguments.of(65535, List.of()),
                Arguments.of(0, List.of("must be between 1 and 65535, inclusive")),
                Arguments.of(65536, List.of("must be between 1 and 65535, inclusive")));
    }
}
