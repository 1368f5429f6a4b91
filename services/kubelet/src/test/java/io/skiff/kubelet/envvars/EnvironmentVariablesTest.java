package io.skiff.kubelet.envvars;

import static io.skiff.kubelet.envvars.SourceFixtures.configMap;
import static io.skiff.kubelet.envvars.SourceFixtures.secret;
import static io.skiff.kubelet.envvars.SourceFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of Kubernetes' TestMakeEnvironmentVariables (pkg/kubelet/kubelet_pods_test.go), on
 * listers over loaded caches, plus the error messages a container waits with.
 */
class EnvironmentVariablesTest {

    private static final String HOST_IP = "127.0.0.1";
    private static final String HOST_IPV6 = "::1";

    /** The services every case sees, as Kubernetes' test lists them. */
    private static SourceFixtures withServices() {
        return new SourceFixtures()
                .add(service("kubernetes", "default", "1.2.3.1", "TCP", 8081))
                .add(service("test", "test1", "1.2.3.3", "TCP", 8083))
                .add(service("kubernetes", "test2", "1.2.3.4", "TCP", 8084))
                .add(service("test", "test2", "1.2.3.5", "TCP", 8085))
                .add(service("headless", "test2", "None", "TCP", 8085))
                .add(service("external", "test2", "", "TCP", 8085))
                .add(service("not-special", "default", "1.2.3.8", "TCP", 8088))
                .add(service("not-special-headless", "default", "None", "TCP", 8088))
                .add(service("not-special-external", "default", "", "TCP", 8088));
    }

    record Case(
            String name,
            String namespace,
            Boolean enableServiceLinks,
            Container container,
            SourceFixtures fixtures,
            List<String> podIps,
            List<EnvVar> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(
                "api server = Y, kubelet = Y",
                "test1",
                false,
                container(c -> c.withEnv(
                        env("FOO", "BAR"),
                        env("TEST_SERVICE_HOST", "1.2.3.3"),
                        env("TEST_SERVICE_PORT", "8083"),
                        env("TEST_PORT", "tcp://1.2.3.3:8083"),
                        env("TEST_PORT_8083_TCP", "tcp://1.2.3.3:8083"),
                        env("TEST_PORT_8083_TCP_PROTO", "tcp"),
                        env("TEST_PORT_8083_TCP_PORT", "8083"),
                        env("TEST_PORT_8083_TCP_ADDR", "1.2.3.3"))),
                withServices(),
                List.of(),
                concat(
                        List.of(
                                var("FOO", "BAR"),
                                var("TEST_SERVICE_HOST", "1.2.3.3"),
                                var("TEST_SERVICE_PORT", "8083"),
                                var("TEST_PORT", "tcp://1.2.3.3:8083"),
                                var("TEST_PORT_8083_TCP", "tcp://1.2.3.3:8083"),
                                var("TEST_PORT_8083_TCP_PROTO", "tcp"),
                                var("TEST_PORT_8083_TCP_PORT", "8083"),
                                var("TEST_PORT_8083_TCP_ADDR", "1.2.3.3")),
                        kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "api server = Y, kubelet = N",
                "test1",
                false,
                container(c -> c.withEnv(env("FOO", "BAR"), env("TEST_SERVICE_HOST", "1.2.3.3"))),
                new SourceFixtures(),
                List.of(),
                List.of(var("FOO", "BAR"), var("TEST_SERVICE_HOST", "1.2.3.3"))));
        cases.add(new Case(
                "api server = N; kubelet = Y",
                "test1",
                false,
                container(c -> c.withEnv(env("FOO", "BAZ"))),
                withServices(),
                List.of(),
                concat(List.of(var("FOO", "BAZ")), kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "api server = N; kubelet = Y; service env vars",
                "test1",
                true,
                container(c -> c.withEnv(env("FOO", "BAZ"))),
                withServices(),
                List.of(),
                concat(List.of(var("FOO", "BAZ")), serviceVars("TEST", "1.2.3.3", 8083), kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "master service in pod ns",
                "test2",
                false,
                container(c -> c.withEnv(env("FOO", "ZAP"))),
                withServices(),
                List.of(),
                concat(List.of(var("FOO", "ZAP")), kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "master service in pod ns, service env vars",
                "test2",
                true,
                container(c -> c.withEnv(env("FOO", "ZAP"))),
                withServices(),
                List.of(),
                concat(List.of(var("FOO", "ZAP")), serviceVars("TEST", "1.2.3.5", 8085), kubernetes("1.2.3.4", 8084))));
        cases.add(new Case(
                "pod in master service ns",
                "default",
                false,
                container(c -> {}),
                withServices(),
                List.of(),
                kubernetes("1.2.3.1", 8081)));
        cases.add(new Case(
                "pod in master service ns, service env vars",
                "default",
                true,
                container(c -> {}),
                withServices(),
                List.of(),
                concat(serviceVars("NOT_SPECIAL", "1.2.3.8", 8088), kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "downward api pod",
                "downward-api",
                false,
                container(c -> c.withEnv(
                        fieldRef("POD_NAME", "metadata.name"),
                        fieldRef("POD_NAMESPACE", "metadata.namespace"),
                        fieldRef("POD_NODE_NAME", "spec.nodeName"),
                        fieldRef("POD_SERVICE_ACCOUNT_NAME", "spec.serviceAccountName"),
                        fieldRef("POD_IP", "status.podIP"),
                        fieldRef("POD_IPS", "status.podIPs"),
                        fieldRef("HOST_IP", "status.hostIP"),
                        fieldRef("HOST_IPS", "status.hostIPs"))),
                new SourceFixtures(),
                List.of("1.2.3.4", "fd00::6"),
                List.of(
                        var("POD_NAME", "dapi-test-pod-name"),
                        var("POD_NAMESPACE", "downward-api"),
                        var("POD_NODE_NAME", "node-name"),
                        var("POD_SERVICE_ACCOUNT_NAME", "special"),
                        var("POD_IP", "1.2.3.4"),
                        var("POD_IPS", "1.2.3.4,fd00::6"),
                        var("HOST_IP", HOST_IP),
                        var("HOST_IPS", HOST_IP + "," + HOST_IPV6))));
        cases.add(new Case(
                "downward api pod ips reverse order",
                "downward-api",
                false,
                container(c -> c.withEnv(fieldRef("POD_IP", "status.podIP"), fieldRef("POD_IPS", "status.podIPs"))),
                new SourceFixtures(),
                List.of("fd00::6", "1.2.3.4"),
                List.of(var("POD_IP", "1.2.3.4"), var("POD_IPS", "1.2.3.4,fd00::6"))));
        cases.add(new Case(
                "downward api pod ips multiple ips",
                "downward-api",
                false,
                container(c -> c.withEnv(fieldRef("POD_IP", "status.podIP"), fieldRef("POD_IPS", "status.podIPs"))),
                new SourceFixtures(),
                List.of("1.2.3.4", "192.168.1.1.", "fd00::6"),
                List.of(var("POD_IP", "1.2.3.4"), var("POD_IPS", "1.2.3.4,fd00::6"))));
        cases.add(new Case(
                "downward api labels, annotations and uid",
                "downward-api",
                false,
                container(c -> c.withEnv(
                        fieldRef("APP", "metadata.labels['app']"),
                        fieldRef("MISSING", "metadata.labels['missing']"),
                        fieldRef("LABELS", "metadata.labels"),
                        fieldRef("NOTE", "metadata.annotations['note']"),
                        fieldRef("UID", "metadata.uid"),
                        fieldRef("HOST", "spec.host"))),
                new SourceFixtures(),
                List.of(),
                List.of(
                        var("APP", "web"),
                        var("MISSING", ""),
                        var("LABELS", "app=\"web\"\ntier=\"front \\\"end\\\"\""),
                        var("NOTE", "line one\nline two"),
                        var("UID", "uid-1"),
                        var("HOST", "node-name"))));
        List<io.fabric8.kubernetes.api.model.EnvVar> expansionEnv = List.of(
                env("TEST_LITERAL", "test-test-test"),
                fieldRef("POD_NAME", "metadata.name"),
                env("OUT_OF_ORDER_TEST", "$(OUT_OF_ORDER_TARGET)"),
                env("OUT_OF_ORDER_TARGET", "FOO"),
                new EnvVarBuilder().withName("EMPTY_VAR").build(),
                env("EMPTY_TEST", "foo-$(EMPTY_VAR)"),
                env("POD_NAME_TEST2", "test2-$(POD_NAME)"),
                env("POD_NAME_TEST3", "$(POD_NAME_TEST2)-3"),
                env("LITERAL_TEST", "literal-$(TEST_LITERAL)"),
                env("SERVICE_VAR_TEST", "$(TEST_SERVICE_HOST):$(TEST_SERVICE_PORT)"),
                env("TEST_UNDEFINED", "$(UNDEFINED_VAR)"));
        List<EnvVar> expanded = List.of(
                var("TEST_LITERAL", "test-test-test"),
                var("POD_NAME", "dapi-test-pod-name"),
                var("OUT_OF_ORDER_TEST", "$(OUT_OF_ORDER_TARGET)"),
                var("OUT_OF_ORDER_TARGET", "FOO"),
                var("EMPTY_VAR", ""),
                var("EMPTY_TEST", "foo-"),
                var("POD_NAME_TEST2", "test2-dapi-test-pod-name"),
                var("POD_NAME_TEST3", "test2-dapi-test-pod-name-3"),
                var("LITERAL_TEST", "literal-test-test-test"),
                var("TEST_UNDEFINED", "$(UNDEFINED_VAR)"));
        cases.add(new Case(
                "env expansion",
                "test1",
                false,
                container(c -> c.withEnv(expansionEnv)),
                withServices(),
                List.of(),
                concat(
                        expanded,
                        List.of(var("SERVICE_VAR_TEST", "$(TEST_SERVICE_HOST):$(TEST_SERVICE_PORT)")),
                        kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "env expansion, service env vars",
                "test1",
                true,
                container(c -> c.withEnv(expansionEnv)),
                withServices(),
                List.of(),
                concat(
                        expanded,
                        List.of(var("SERVICE_VAR_TEST", "1.2.3.3:8083")),
                        serviceVars("TEST", "1.2.3.3", 8083),
                        kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "configmapkeyref_missing_optional",
                "test",
                false,
                container(c -> c.withEnv(configMapKeyRef("POD_NAME", "missing-config-map", "key", true))),
                withServices(),
                List.of(),
                kubernetes("1.2.3.1", 8081)));
        cases.add(new Case(
                "configmapkeyref_missing_key_optional",
                "test",
                false,
                container(c -> c.withEnv(configMapKeyRef("POD_NAME", "test-config-map", "key", true))),
                new SourceFixtures().add(configMap("test", "test-config-map", Map.of("a", "b"))),
                List.of(),
                List.of()));
        cases.add(new Case(
                "secretkeyref_missing_optional",
                "test",
                false,
                container(c -> c.withEnv(secretKeyRef("POD_NAME", "missing-secret", "key", true))),
                withServices(),
                List.of(),
                kubernetes("1.2.3.1", 8081)));
        cases.add(new Case(
                "secretkeyref_missing_key_optional",
                "test",
                false,
                container(c -> c.withEnv(secretKeyRef("POD_NAME", "test-secret", "key", true))),
                new SourceFixtures().add(secret("test", "test-secret", Map.of("a", "b"))),
                List.of(),
                List.of()));
        cases.add(new Case(
                "configmapkeyref and secretkeyref",
                "test",
                false,
                container(c -> c.withEnv(
                        configMapKeyRef("FROM_CM", "test-config-map", "a", false),
                        secretKeyRef("FROM_SECRET", "test-secret", "password", false))),
                new SourceFixtures()
                        .add(configMap("test", "test-config-map", Map.of("a", "b")))
                        .add(secret("test", "test-secret", Map.of("password", "s3cr3t"))),
                List.of(),
                List.of(var("FROM_CM", "b"), var("FROM_SECRET", "s3cr3t"))));
        Map<String, String> configData = Map.of("REPLACE_ME", "FROM_CONFIG_MAP", "DUPE_TEST", "CONFIG_MAP");
        List<io.fabric8.kubernetes.api.model.EnvVar> envAfterEnvFrom = List.of(
                env("TEST_LITERAL", "test-test-test"),
                env("EXPANSION_TEST", "$(REPLACE_ME)"),
                env("DUPE_TEST", "ENV_VAR"));
        cases.add(new Case(
                "configmap",
                "test1",
                false,
                container(c -> c.withEnvFrom(configMapRef("", "test-config-map"), configMapRef("p_", "test-config-map"))
                        .withEnv(envAfterEnvFrom)),
                withServices().add(configMap("test1", "test-config-map", configData)),
                List.of(),
                concat(
                        List.of(
                                var("TEST_LITERAL", "test-test-test"),
                                var("REPLACE_ME", "FROM_CONFIG_MAP"),
                                var("EXPANSION_TEST", "FROM_CONFIG_MAP"),
                                var("DUPE_TEST", "ENV_VAR"),
                                var("p_REPLACE_ME", "FROM_CONFIG_MAP"),
                                var("p_DUPE_TEST", "CONFIG_MAP")),
                        kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "configmap allow prefix to start with a digital",
                "test1",
                false,
                container(c -> c.withEnvFrom(configMapRef("", "test-config-map"), configMapRef("1_", "test-config-map"))
                        .withEnv(envAfterEnvFrom)),
                withServices().add(configMap("test1", "test-config-map", configData)),
                List.of(),
                concat(
                        List.of(
                                var("TEST_LITERAL", "test-test-test"),
                                var("REPLACE_ME", "FROM_CONFIG_MAP"),
                                var("EXPANSION_TEST", "FROM_CONFIG_MAP"),
                                var("DUPE_TEST", "ENV_VAR"),
                                var("1_REPLACE_ME", "FROM_CONFIG_MAP"),
                                var("1_DUPE_TEST", "CONFIG_MAP")),
                        kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "configmap, service env vars",
                "test1",
                true,
                container(c -> c.withEnvFrom(configMapRef("", "test-config-map"), configMapRef("p_", "test-config-map"))
                        .withEnv(envAfterEnvFrom)),
                withServices().add(configMap("test1", "test-config-map", configData)),
                List.of(),
                concat(
                        List.of(
                                var("TEST_LITERAL", "test-test-test"),
                                var("REPLACE_ME", "FROM_CONFIG_MAP"),
                                var("EXPANSION_TEST", "FROM_CONFIG_MAP"),
                                var("DUPE_TEST", "ENV_VAR"),
                                var("p_REPLACE_ME", "FROM_CONFIG_MAP"),
                                var("p_DUPE_TEST", "CONFIG_MAP")),
                        serviceVars("TEST", "1.2.3.3", 8083),
                        kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "configmap_missing_optional",
                "test",
                false,
                container(c -> c.withEnvFrom(new EnvFromSourceBuilder()
                        .withNewConfigMapRef("missing-config-map", true)
                        .build())),
                withServices(),
                List.of(),
                kubernetes("1.2.3.1", 8081)));
        cases.add(new Case(
                "configmap_invalid_keys_valid",
                "test",
                false,
                container(c -> c.withEnvFrom(configMapRef("p_", "test-config-map"))),
                withServices().add(configMap("test", "test-config-map", Map.of("1234", "abc"))),
                List.of(),
                concat(List.of(var("p_1234", "abc")), kubernetes("1.2.3.1", 8081))));
        Map<String, String> secretData = Map.of("REPLACE_ME", "FROM_SECRET", "DUPE_TEST", "SECRET");
        cases.add(new Case(
                "secret",
                "test1",
                false,
                container(c -> c.withEnvFrom(secretRef("", "test-secret"), secretRef("p_", "test-secret"))
                        .withEnv(envAfterEnvFrom)),
                withServices().add(secret("test1", "test-secret", secretData)),
                List.of(),
                concat(
                        List.of(
                                var("TEST_LITERAL", "test-test-test"),
                                var("REPLACE_ME", "FROM_SECRET"),
                                var("EXPANSION_TEST", "FROM_SECRET"),
                                var("DUPE_TEST", "ENV_VAR"),
                                var("p_REPLACE_ME", "FROM_SECRET"),
                                var("p_DUPE_TEST", "SECRET")),
                        kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "secret_missing_optional",
                "test",
                false,
                container(c -> c.withEnvFrom(new EnvFromSourceBuilder()
                        .withNewSecretRef("missing-secret", true)
                        .build())),
                withServices(),
                List.of(),
                kubernetes("1.2.3.1", 8081)));
        cases.add(new Case(
                "secret_invalid_keys_valid",
                "test",
                false,
                container(c -> c.withEnvFrom(secretRef("p_", "test-secret"))),
                withServices().add(secret("test", "test-secret", Map.of("1234.name", "abc"))),
                List.of(),
                concat(List.of(var("p_1234.name", "abc")), kubernetes("1.2.3.1", 8081))));
        cases.add(new Case(
                "resource field refs with the node's allocatable for limits the container does not set",
                "test",
                false,
                container(c -> c.withNewResources()
                        .addToRequests("cpu", new Quantity("250m"))
                        .addToRequests("memory", new Quantity("64Mi"))
                        .addToLimits("memory", new Quantity("128Mi"))
                        .endResources()
                        .withEnv(
                                resourceRef("CPU_REQUEST", "requests.cpu", null),
                                resourceRef("CPU_REQUEST_MILLIS", "requests.cpu", "1m"),
                                resourceRef("CPU_LIMIT", "limits.cpu", null),
                                resourceRef("MEMORY_REQUEST_MI", "requests.memory", "1Mi"),
                                resourceRef("MEMORY_LIMIT", "limits.memory", null),
                                resourceRef("STORAGE_LIMIT_GI", "limits.ephemeral-storage", "1Gi"),
                                resourceRef("STORAGE_REQUEST", "requests.ephemeral-storage", null))),
                new SourceFixtures().allocatable(Map.of("cpu", "4", "memory", "8Gi", "ephemeral-storage", "100Gi")),
                List.of(),
                List.of(
                        var("CPU_REQUEST", "1"),
                        var("CPU_REQUEST_MILLIS", "250"),
                        var("CPU_LIMIT", "4"),
                        var("MEMORY_REQUEST_MI", "64"),
                        var("MEMORY_LIMIT", "134217728"),
                        var("STORAGE_LIMIT_GI", "100"),
                        var("STORAGE_REQUEST", "0"))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void makesTheEnvironment(Case tc) {
        Pod pod = pod(tc.namespace(), tc.enableServiceLinks(), tc.container());

        Environment environment = new EnvironmentVariables(tc.fixtures().sources())
                .make(pod, tc.container(), new PodAddresses(tc.podIps(), List.of(HOST_IP, HOST_IPV6)));

        assertThat(sorted(environment.variables())).isEqualTo(sorted(tc.expected()));
        assertThat(environment.warnings()).isEmpty();
    }

    @Test
    void declaredVariablesComeInTheirOrderAfterEnvFromAndBeforeTheServices() {
        Container container =
                container(c -> c.withEnvFrom(configMapRef("", "cm")).withEnv(env("B", "2"), env("A", "1")));
        SourceFixtures fixtures = withServices().add(configMap("test1", "cm", Map.of("Z", "z", "C", "c")));

        List<EnvVar> variables = new EnvironmentVariables(fixtures.sources())
                .make(pod("test1", false, container), container, new PodAddresses(List.of(), List.of()))
                .variables();

        assertThat(variables.subList(0, 4)).containsExactly(var("C", "c"), var("Z", "z"), var("B", "2"), var("A", "1"));
        assertThat(variables.get(4).name()).isEqualTo("KUBERNETES_SERVICE_HOST");
    }

    @Test
    void aPodFromTheApiWaitsUntilTheServicesAreRead() {
        Container container = container(c -> {});
        SourceFixtures fixtures = withServices().servicesUnsynced();

        assertThatThrownBy(() -> new EnvironmentVariables(fixtures.sources())
                        .make(pod("test1", false, container), container, new PodAddresses(List.of(), List.of())))
                .isInstanceOf(CreateContainerConfigException.class)
                .hasMessage("services have not yet been read at least once, cannot construct envvars");
    }

    @Test
    void anOptionalReferenceToAnObjectNotReadYetFailsInsteadOfReadingAsMissing() {
        Container container = container(c -> c.withEnv(configMapKeyRef("FROM_CM", "test-config-map", "a", true)));
        SourceFixtures fixtures = withServices()
                .objectsUnavailable("failed to sync configmap cache: timed out waiting for the condition");

        assertThatThrownBy(() -> new EnvironmentVariables(fixtures.sources())
                        .make(pod("test", false, container), container, new PodAddresses(List.of(), List.of())))
                .isInstanceOf(CreateContainerConfigException.class)
                .hasMessage("failed to sync configmap cache: timed out waiting for the condition");
    }

    @Test
    void aStaticPodDoesNotWaitForTheServices() {
        Container container = container(c -> c.withEnv(env("FOO", "BAR")));
        Pod pod = new PodBuilder(pod("test1", false, container))
                .editMetadata()
                .addToAnnotations("kubernetes.io/config.source", "file")
                .endMetadata()
                .build();

        Environment environment = new EnvironmentVariables(
                        withServices().servicesUnsynced().sources())
                .make(pod, container, new PodAddresses(List.of(), List.of()));

        assertThat(environment.variables()).contains(var("FOO", "BAR"));
    }

    @Test
    void anUndefaultedEnableServiceLinksIsRefused() {
        Container container = container(c -> {});

        assertThatThrownBy(() -> new EnvironmentVariables(new SourceFixtures().sources())
                        .make(pod("test", null, container), container, new PodAddresses(List.of(), List.of())))
                .isInstanceOf(CreateContainerConfigException.class)
                .hasMessage("nil pod.spec.enableServiceLinks encountered, cannot construct envvars");
    }

    static Stream<Object[]> failures() {
        return Stream.of(
                new Object[] {
                    "configmap_missing",
                    container(c -> c.withEnvFrom(configMapRef("", "test-config-map"))),
                    "configmap \"test-config-map\" not found"
                },
                new Object[] {
                    "secret_missing",
                    container(c -> c.withEnvFrom(secretRef("", "test-secret"))),
                    "secret \"test-secret\" not found"
                },
                new Object[] {
                    "configmapkeyref_missing",
                    container(c -> c.withEnv(configMapKeyRef("X", "absent", "k", false))),
                    "configmap \"absent\" not found"
                },
                new Object[] {
                    "configmapkeyref_missing_key",
                    container(c -> c.withEnv(configMapKeyRef("X", "present", "k", false))),
                    "couldn't find key k in ConfigMap test1/present"
                },
                new Object[] {
                    "secretkeyref_missing_key",
                    container(c -> c.withEnv(secretKeyRef("X", "present", "k", false))),
                    "couldn't find key k in Secret test1/present"
                },
                new Object[] {
                    "field path only field selectors support",
                    container(c -> c.withEnv(fieldRef("PHASE", "status.phase"))),
                    "unsupported fieldPath: status.phase"
                },
                new Object[] {
                    "unknown field path",
                    container(c -> c.withEnv(fieldRef("X", "spec.dnsPolicy"))),
                    "field label not supported: spec.dnsPolicy"
                },
                new Object[] {
                    "subscript on a field without keys",
                    container(c -> c.withEnv(fieldRef("X", "metadata.name['x']"))),
                    "field label does not support subscript: metadata.name['x']"
                },
                new Object[] {
                    "unsupported resource",
                    container(c -> c.withEnv(resourceRef("X", "limits.gpu", null))),
                    "unsupported container resource : limits.gpu"
                },
                new Object[] {
                    "resource of an unknown container",
                    container(c -> c.withEnv(new EnvVarBuilder()
                            .withName("X")
                            .withNewValueFrom()
                            .withNewResourceFieldRef()
                            .withContainerName("sidecar")
                            .withResource("limits.cpu")
                            .endResourceFieldRef()
                            .endValueFrom()
                            .build())),
                    "container sidecar not found"
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failsWithKubernetesMessage(String name, Container container, String message) {
        SourceFixtures fixtures = withServices()
                .add(configMap("test1", "present", Map.of("a", "b")))
                .add(secret("test1", "present", Map.of("a", "b")));

        assertThatThrownBy(() -> new EnvironmentVariables(fixtures.sources())
                        .make(pod("test1", false, container), container, new PodAddresses(List.of(), List.of())))
                .isInstanceOf(CreateContainerConfigException.class)
                .hasMessage(message);
    }

    @Test
    void aSecretsStringDataReadsAsTheApiWouldHaveStoredIt() {
        Container container = container(c -> c.withEnvFrom(secretRef("", "mixed")));
        Secret mixed = new SecretBuilder(secret("test1", "mixed", Map.of("a", "from-data", "b", "from-data")))
                .withStringData(Map.of("b", "from-string-data"))
                .build();

        Environment environment = new EnvironmentVariables(
                        new SourceFixtures().add(mixed).sources())
                .make(pod("test1", false, container), container, new PodAddresses(List.of(), List.of()));

        assertThat(sorted(environment.variables()))
                .containsExactly(var("a", "from-data"), var("b", "from-string-data"));
    }

    @Test
    void keysThatCannotBeVariablesAreSkippedWithAnEvent() {
        Container container = container(c -> c.withEnvFrom(configMapRef("", "odd")));
        SourceFixtures fixtures =
                new SourceFixtures().add(configMap("test1", "odd", Map.of("ok", "1", "a=b", "2", "", "3")));

        Environment environment = new EnvironmentVariables(fixtures.sources())
                .make(pod("test1", false, container), container, new PodAddresses(List.of(), List.of()));

        assertThat(environment.variables()).containsExactly(var("ok", "1"));
        assertThat(environment.warnings())
                .containsExactly(new WarningEvent(
                        WarningEvent.Subject.POD,
                        "InvalidEnvironmentVariableNames",
                        "Keys [, a=b] from the EnvFrom configMap test1/odd were skipped since they are considered"
                                + " invalid environment variable names."));
    }

    private static Pod pod(String namespace, Boolean enableServiceLinks, Container container) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName("dapi-test-pod-name")
                .withUid("uid-1")
                .addToLabels("app", "web")
                .addToLabels("tier", "front \"end\"")
                .addToAnnotations("note", "line one\nline two")
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName("special")
                .withNodeName("node-name")
                .withEnableServiceLinks(enableServiceLinks)
                .withContainers(container)
                .endSpec()
                .build();
    }

    private static Container container(Consumer<ContainerBuilder> customizer) {
        ContainerBuilder builder = new ContainerBuilder().withName("app").withImage("busybox");
        customizer.accept(builder);
        return builder.build();
    }

    private static io.fabric8.kubernetes.api.model.EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static io.fabric8.kubernetes.api.model.EnvVar fieldRef(String name, String path) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewFieldRef("v1", path)
                .endValueFrom()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.EnvVar resourceRef(String name, String resource, String divisor) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewResourceFieldRef()
                .withResource(resource)
                .withDivisor(divisor == null ? null : new Quantity(divisor))
                .endResourceFieldRef()
                .endValueFrom()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.EnvVar configMapKeyRef(
            String name, String configMap, String key, boolean optional) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewConfigMapKeyRef(key, configMap, optional)
                .endValueFrom()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.EnvVar secretKeyRef(
            String name, String secret, String key, boolean optional) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef(key, secret, optional)
                .endValueFrom()
                .build();
    }

    private static EnvFromSource configMapRef(String prefix, String name) {
        return new EnvFromSourceBuilder()
                .withPrefix(prefix)
                .withNewConfigMapRef()
                .withName(name)
                .endConfigMapRef()
                .build();
    }

    private static EnvFromSource secretRef(String prefix, String name) {
        return new EnvFromSourceBuilder()
                .withPrefix(prefix)
                .withNewSecretRef()
                .withName(name)
                .endSecretRef()
                .build();
    }

    private static EnvVar var(String name, String value) {
        return new EnvVar(name, value);
    }

    /** The variables of a one-port TCP Service whose name is {@code prefix} in variable form. */
    private static List<EnvVar> serviceVars(String prefix, String ip, int port) {
        return List.of(
                var(prefix + "_SERVICE_HOST", ip),
                var(prefix + "_SERVICE_PORT", String.valueOf(port)),
                var(prefix + "_PORT", "tcp://" + ip + ":" + port),
                var(prefix + "_PORT_" + port + "_TCP", "tcp://" + ip + ":" + port),
                var(prefix + "_PORT_" + port + "_TCP_PROTO", "tcp"),
                var(prefix + "_PORT_" + port + "_TCP_PORT", String.valueOf(port)),
                var(prefix + "_PORT_" + port + "_TCP_ADDR", ip));
    }

    private static List<EnvVar> kubernetes(String ip, int port) {
        return serviceVars("KUBERNETES", ip, port);
    }

    @SafeVarargs
    private static List<EnvVar> concat(List<EnvVar>... lists) {
        List<EnvVar> all = new ArrayList<>();
        for (List<EnvVar> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static List<EnvVar> sorted(List<EnvVar> variables) {
        return variables.stream().sorted(Comparator.comparing(EnvVar::name)).toList();
    }
}
