package io.skiff.apiserver.admission.podsecurity;

import static io.skiff.apiserver.admission.InMemoryReads.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.admission.podsecurity.LevelVersion.Level;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each Pod Security Standards check, with Kubernetes' reasons and details (its policy tests' cases). */
class PodChecksTest {

    private static final String RESTRICTED_CONTAINER = "\"securityContext\":{\"allowPrivilegeEscalation\":false,"
            + "\"capabilities\":{\"drop\":[\"ALL\"]},\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}";

    static Stream<Arguments> baselineViolations() {
        return Stream.of(
                Arguments.of(
                        "privileged container",
                        "{\"containers\":[{\"name\":\"c\",\"securityContext\":{\"privileged\":true}}]}",
                        "privileged (container \"c\" must not set securityContext.privileged=true)"),
                Arguments.of(
                        "host namespaces, sorted",
                        "{\"hostPID\":true,\"hostNetwork\":true,\"containers\":[{\"name\":\"c\"}]}",
                        "host namespaces (hostNetwork=true, hostPID=true)"),
                Arguments.of(
                        "host ports of two containers",
                        "{\"containers\":[{\"name\":\"a\",\"ports\":[{\"containerPort\":80,\"hostPort\":8080}]},"
                                + "{\"name\":\"b\",\"ports\":[{\"containerPort\":81,\"hostPort\":8081}]}]}",
                        "hostPort (containers \"a\", \"b\" use hostPorts 8080, 8081)"),
                Arguments.of(
                        "hostPath volume",
                        "{\"volumes\":[{\"name\":\"host\",\"hostPath\":{\"path\":\"/\"}}],\"containers\":[{\"name\":\"c\"}]}",
                        "hostPath volumes (volume \"host\")"),
                Arguments.of(
                        "capability outside the default set",
                        "{\"containers\":[{\"name\":\"c\",\"securityContext\":{\"capabilities\":{\"add\":[\"NET_ADMIN\","
                                + "\"CHOWN\",\"SYS_TIME\"]}}}]}",
                        "non-default capabilities (container \"c\" must not include \"NET_ADMIN\", \"SYS_TIME\" in"
                                + " securityContext.capabilities.add)"),
                Arguments.of(
                        "unconfined seccomp on the pod",
                        "{\"securityContext\":{\"seccompProfile\":{\"type\":\"Unconfined\"}},\"containers\":[{\"name\":\"c\"}]}",
                        "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")"),
                Arguments.of(
                        "unconfined AppArmor on a container",
                        "{\"containers\":[{\"name\":\"c\",\"securityContext\":{\"appArmorProfile\":{\"type\":\"Unconfined\"}}}]}",
                        "forbidden AppArmor profile (container \"c\" must not set AppArmor profile type to"
                                + " \"Unconfined\")"),
                Arguments.of(
                        "SELinux type, user and role",
                        "{\"securityContext\":{\"seLinuxOptions\":{\"type\":\"spc_t\",\"user\":\"u\",\"role\":\"r\"}},"
                                + "\"containers\":[{\"name\":\"c\"}]}",
                        "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"spc_t\"; user may"
                                + " not be set; role may not be set)"),
                Arguments.of(
                        "unmasked /proc",
                        "{\"containers\":[{\"name\":\"c\",\"securityContext\":{\"procMount\":\"Unmasked\"}}]}",
                        "procMount (container \"c\" must not set securityContext.procMount to \"Unmasked\")"),
                Arguments.of(
                        "unsafe sysctl",
                        "{\"securityContext\":{\"sysctls\":[{\"name\":\"kernel.msgmax\",\"value\":\"1\"},"
                                + "{\"name\":\"net.ipv4.tcp_syncookies\",\"value\":\"1\"}]},\"containers\":[{\"name\":\"c\"}]}",
                        "forbidden sysctls (kernel.msgmax)"),
                Arguments.of(
                        "Windows host process",
                        "{\"securityContext\":{\"windowsOptions\":{\"hostProcess\":true}},\"containers\":[{\"name\":\"c\"}]}",
                        "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)"));
    }

    @ParameterizedTest(name = "baseline refuses {0}")
    @MethodSource("baselineViolations")
    void baselineRefuses(String description, String spec, String expected) {
        assertThat(PodChecks.describe(PodChecks.evaluate(Level.BASELINE, pod(spec))))
                .isEqualTo(expected);
    }

    static Stream<Arguments> restrictedViolations() {
        return Stream.of(
                Arguments.of(
                        "a container that sets nothing",
                        "{\"containers\":[{\"name\":\"c\"}]}",
                        "allowPrivilegeEscalation != false (container \"c\" must set"
                                + " securityContext.allowPrivilegeEscalation=false), unrestricted capabilities"
                                + " (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot"
                                + " != true (pod or container \"c\" must set securityContext.runAsNonRoot=true),"
                                + " seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type"
                                + " to \"RuntimeDefault\" or \"Localhost\")"),
                Arguments.of(
                        "a capability other than NET_BIND_SERVICE",
                        "{\"containers\":[{\"name\":\"c\",\"securityContext\":{\"allowPrivilegeEscalation\":false,"
                                + "\"capabilities\":{\"drop\":[\"ALL\"],\"add\":[\"NET_BIND_SERVICE\",\"CHOWN\"]},"
                                + "\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}}]}",
                        "unrestricted capabilities (container \"c\" must not include \"CHOWN\" in"
                                + " securityContext.capabilities.add)"),
                Arguments.of(
                        "a hostPath volume, named as a restricted volume type",
                        "{\"volumes\":[{\"name\":\"host\",\"hostPath\":{\"path\":\"/\"}},{\"name\":\"ok\",\"emptyDir\":{}}],"
                                + "\"containers\":[{\"name\":\"c\"," + RESTRICTED_CONTAINER + "}]}",
                        "restricted volume types (volumes [\"host\"] have restricted types)"),
                Arguments.of(
                        "root explicitly, on the pod and a container",
                        "{\"securityContext\":{\"runAsNonRoot\":false,\"runAsUser\":0},\"containers\":[{\"name\":\"c\","
                                + "\"securityContext\":{\"allowPrivilegeEscalation\":false,\"capabilities\":{\"drop\":[\"ALL\"]},"
                                + "\"runAsNonRoot\":false,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}}]}",
                        "runAsNonRoot != true (pod and container \"c\" must not set securityContext.runAsNonRoot=false),"
                                + " runAsUser=0 (pod must not set runAsUser=0)"));
    }

    @ParameterizedTest(name = "restricted refuses {0}")
    @MethodSource("restrictedViolations")
    void restrictedRefuses(String description, String spec, String expected) {
        assertThat(PodChecks.describe(PodChecks.evaluate(Level.RESTRICTED, pod(spec))))
                .isEqualTo(expected);
    }

    static Stream<Arguments> allowed() {
        return Stream.of(
                Arguments.of(Level.BASELINE, "a plain pod", "{\"containers\":[{\"name\":\"c\"}]}"),
                Arguments.of(
                        Level.BASELINE,
                        "default capabilities and safe sysctls",
                        "{\"securityContext\":{\"sysctls\":[{\"name\":\"net.ipv4.tcp_rmem\",\"value\":\"1\"}]},"
                                + "\"containers\":[{\"name\":\"c\",\"securityContext\":{\"capabilities\":{\"add\":[\"CHOWN\"]}}}]}"),
                Arguments.of(
                        Level.RESTRICTED,
                        "a pod-level runAsNonRoot and seccomp profile inherited by its containers",
                        "{\"securityContext\":{\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"Localhost\","
                                + "\"localhostProfile\":\"p.json\"}},\"volumes\":[{\"name\":\"t\",\"projected\":{\"sources\":[]}}],"
                                + "\"initContainers\":[{\"name\":\"i\",\"securityContext\":{\"allowPrivilegeEscalation\":false,"
                                + "\"capabilities\":{\"drop\":[\"ALL\"],\"add\":[\"NET_BIND_SERVICE\"]}}}],"
                                + "\"containers\":[{\"name\":\"c\",\"securityContext\":{\"allowPrivilegeEscalation\":false,"
                                + "\"capabilities\":{\"drop\":[\"ALL\"]}}}]}"),
                Arguments.of(Level.PRIVILEGED, "anything at privileged", "{\"hostNetwork\":true,\"containers\":[]}"));
    }

    @ParameterizedTest(name = "{0} allows {1}")
    @MethodSource("allowed")
    void allows(Level level, String description, String spec) {
        assertThat(PodChecks.evaluate(level, pod(spec))).isEmpty();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode pod(String spec) {
        return parse("{\"metadata\":{\"name\":\"p\"},\"spec\":" + spec + "}");
    }
}
