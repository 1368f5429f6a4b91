package io.skiff.controllermanager.certificates.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.controllermanager.certificates.RequestedNames;
import io.skiff.controllermanager.certificates.Signers;
import io.skiff.controllermanager.certificates.TestRequests;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignerPolicyTest {

    private static final List<String> NODES = List.of("system:nodes");

    static Stream<Arguments> cases() {
        return Stream.of(
                // kube-apiserver-client-kubelet
                Arguments.of(
                        Signers.KUBE_APISERVER_CLIENT_KUBELET,
                        "kubelet client",
                        names("system:node:n1", NODES, List.of(), List.of()),
                        List.of("digital signature", "client auth"),
                        null),
                Arguments.of(
                        Signers.KUBE_APISERVER_CLIENT_KUBELET,
                        "kubelet client with an e-mail name",
                        names("system:node:n1", NODES, List.of(), List.of("n1@example.com")),
                        List.of("digital signature", "client auth"),
                        "Email subjectAltNames are not allowed"),
                Arguments.of(
                        Signers.KUBE_APISERVER_CLIENT_KUBELET,
                        "a user posing as a kubelet",
                        names("jane", List.of("developers"), List.of(), List.of()),
                        List.of("digital signature", "client auth"),
                        "subject organization is not system:nodes"),
                // kube-apiserver-client
                Arguments.of(
                        Signers.KUBE_APISERVER_CLIENT,
                        "any user's client certificate",
                        names("jane", List.of("developers"), List.of(), List.of()),
                        List.of("client auth"),
                        null),
                Arguments.of(
                        Signers.KUBE_APISERVER_CLIENT,
                        "client with key encipherment and digital signature",
                        names("jane", List.of(), List.of(), List.of()),
                        List.of("key encipherment", "digital signature", "client auth"),
                        null),
                Arguments.of(
                        Signers.KUBE_APISERVER_CLIENT,
                        "client asking for server auth",
                        names("jane", List.of(), List.of(), List.of()),
                        List.of("client auth", "server auth"),
                        "invalid usage for client certificate: server auth"),
                Arguments.of(
                        Signers.KUBE_APISERVER_CLIENT,
                        "client without client auth",
                        names("jane", List.of(), List.of(), List.of()),
                        List.of("digital signature"),
                        "missing required usage for client certificate: client auth"),
                // kubelet-serving
                Arguments.of(
                        Signers.KUBELET_SERVING,
                        "kubelet serving",
                        names("system:node:n1", NODES, List.of("n1.example"), List.of()),
                        List.of("digital signature", "key encipherment", "server auth"),
                        null),
                Arguments.of(
                        Signers.KUBELET_SERVING,
                        "kubelet serving without names",
                        names("system:node:n1", NODES, List.of(), List.of()),
                        List.of("digital signature", "server auth"),
                        "at least one DNS or IP subjectAltName is required"),
                Arguments.of(
                        Signers.KUBELET_SERVING,
                        "kubelet serving asking for client auth",
                        names("system:node:n1", NODES, List.of("n1.example"), List.of()),
                        List.of("digital signature", "client auth"),
                        "usages did not match [digital signature key encipherment server auth]"),
                Arguments.of(
                        Signers.KUBELET_SERVING,
                        "kubelet serving for a non-node",
                        names("web", NODES, List.of("web.example"), List.of()),
                        List.of("digital signature", "server auth"),
                        "subject common name does not begin with system:node:"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void eachSignerAcceptsOnlyItsKindOfRequest(
            String signer, String description, RequestedNames names, List<String> usages, String expected) {
        assertThat(SignerPolicy.WELL_KNOWN.get(signer).problem(names, usages)).isEqualTo(Optional.ofNullable(expected));
    }

    private static RequestedNames names(String cn, List<String> organizations, List<String> dns, List<String> emails) {
        return RequestedNames.of(TestRequests.request(cn, organizations, dns, emails));
    }
}
