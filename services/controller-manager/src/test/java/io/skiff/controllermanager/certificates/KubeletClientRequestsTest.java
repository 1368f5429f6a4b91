package io.skiff.controllermanager.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubeletClientRequestsTest {

    private static final List<String> NODES = List.of("system:nodes");
    private static final List<String> CLIENT = List.of("digital signature", "client auth");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("node client request", names("system:node:n1", NODES, List.of()), CLIENT, null),
                Arguments.of(
                        "with key encipherment (RSA keys)",
                        names("system:node:n1", NODES, List.of()),
                        List.of("key encipherment", "digital signature", "client auth"),
                        null),
                Arguments.of(
                        "no organization",
                        names("system:node:n1", List.of(), List.of()),
                        CLIENT,
                        "subject organization is not system:nodes"),
                Arguments.of(
                        "an extra organization",
                        names("system:node:n1", List.of("system:nodes", "system:masters"), List.of()),
                        CLIENT,
                        "subject organization is not system:nodes"),
                Arguments.of(
                        "a DNS name",
                        names("system:node:n1", NODES, List.of("n1.example")),
                        CLIENT,
                        "DNS subjectAltNames are not allowed"),
                Arguments.of(
                        "not a node's name",
                        names("admin", NODES, List.of()),
                        CLIENT,
                        "subject common name does not begin with system:node:"),
                Arguments.of(
                        "server auth",
                        names("system:node:n1", NODES, List.of()),
                        List.of("digital signature", "server auth"),
                        "usages did not match [client auth digital signature key encipherment]"),
                Arguments.of(
                        "client auth alone",
                        names("system:node:n1", NODES, List.of()),
                        List.of("client auth"),
                        "usages did not match [client auth digital signature key encipherment]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void kubeletClientRules(String description, RequestedNames names, List<String> usages, String expected) {
        assertThat(KubeletClientRequests.problem(names, usages)).isEqualTo(Optional.ofNullable(expected));
    }

    static RequestedNames names(String cn, List<String> organizations, List<String> dns) {
        return RequestedNames.of(TestRequests.request(cn, organizations, dns, List.of()));
    }
}
