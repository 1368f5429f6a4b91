package io.skiff.kubelet.envvars;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HostAlias;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kubernetes' TestManagedHostsFileContent and TestNodeHostsFileContent (pkg/kubelet/kubelet_pods_test.go). */
class HostsFileTest {

    private static final String LOCALHOST = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            fe00::0\tip6-mcastprefix
            fe00::1\tip6-allnodes
            fe00::2\tip6-allrouters
            """;

    private static final List<HostAlias> ONE_ALIAS =
            List.of(new HostAlias(List.of("foo", "bar", "baz"), "123.45.67.89"));
    private static final List<HostAlias> TWO_ALIASES = List.of(
            new HostAlias(List.of("foo", "bar", "baz"), "123.45.67.89"),
            new HostAlias(List.of("park", "doo", "boo"), "456.78.90.123"));

    static Stream<Arguments> managed() {
        return Stream.of(
                Arguments.of(
                        "one ip, no domain",
                        List.of("123.45.67.89"),
                        "",
                        List.of(),
                        "# Kubernetes-managed hosts file.\n" + LOCALHOST + "123.45.67.89\tpodFoo\n"),
                Arguments.of(
                        "with domain",
                        List.of("203.0.113.1"),
                        "domainFoo",
                        List.of(),
                        "# Kubernetes-managed hosts file.\n" + LOCALHOST + "203.0.113.1\tpodFoo.domainFoo\tpodFoo\n"),
                Arguments.of(
                        "with domain and an alias",
                        List.of("203.0.113.1"),
                        "domainFoo",
                        ONE_ALIAS,
                        "# Kubernetes-managed hosts file.\n" + LOCALHOST + "203.0.113.1\tpodFoo.domainFoo\tpodFoo\n"
                                + "\n# Entries added by HostAliases.\n123.45.67.89\tfoo\tbar\tbaz\n"),
                Arguments.of(
                        "with domain and two aliases",
                        List.of("203.0.113.1"),
                        "domainFoo",
                        TWO_ALIASES,
                        "# Kubernetes-managed hosts file.\n" + LOCALHOST + "203.0.113.1\tpodFoo.domainFoo\tpodFoo\n"
                                + "\n# Entries added by HostAliases.\n123.45.67.89\tfoo\tbar\tbaz\n"
                                + "456.78.90.123\tpark\tdoo\tboo\n"),
                Arguments.of(
                        "dual stack",
                        List.of("203.0.113.1", "fd00::6"),
                        "domainFoo",
                        List.of(),
                        "# Kubernetes-managed hosts file.\n" + LOCALHOST + "203.0.113.1\tpodFoo.domainFoo\tpodFoo\n"
                                + "fd00::6\tpodFoo.domainFoo\tpodFoo\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("managed")
    void writesTheManagedFile(String name, List<String> ips, String domain, List<HostAlias> aliases, String expected) {
        assertThat(HostsFile.managed(ips, "podFoo", domain, aliases)).isEqualTo(expected);
    }

    static Stream<Arguments> hostNetwork() {
        String nodeFile = "# hosts file for testing.\n" + LOCALHOST + "123.45.67.89\tsome.domain\n";
        return Stream.of(
                Arguments.of(
                        "no aliases",
                        nodeFile,
                        List.of(),
                        "# Kubernetes-managed hosts file (host network).\n" + nodeFile),
                Arguments.of(
                        "two aliases",
                        nodeFile,
                        TWO_ALIASES,
                        "# Kubernetes-managed hosts file (host network).\n" + nodeFile
                                + "\n# Entries added by HostAliases.\n123.45.67.89\tfoo\tbar\tbaz\n"
                                + "456.78.90.123\tpark\tdoo\tboo\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostNetwork")
    void extendsTheNodesFileOnTheHostNetwork(String name, String nodeFile, List<HostAlias> aliases, String expected) {
        assertThat(HostsFile.hostNetwork(nodeFile, aliases)).isEqualTo(expected);
    }
}
