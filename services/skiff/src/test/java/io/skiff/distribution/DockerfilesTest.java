package io.skiff.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker/: no Docker engine runs here, so the Dockerfiles are checked by reading them against the
 * build they package: pinned base images, a non-root user (root only where the service manages the
 * node, and said so), a health check on the actuator, the jar the module's build really makes, and
 * the ports the service really serves on.
 */
class DockerfilesTest {

    /** The services whose image runs as root, because they run containers and program the node's network. */
    private static final Set<String> NEED_ROOT = Set.of("kubelet", "proxy", "skiff");

    /** The services skiff server runs in one JVM: the all-in-one image serves all their ports. */
    private static final List<String> COMPONENTS =
            List.of("apiserver", "scheduler", "controller-manager", "kubelet", "proxy", "dns", "ingress-controller");

    /** A version tag (17.0.16_8-jre-noble, 17.6-bookworm), not a moving one (17-jre, latest). */
    private static final Pattern PINNED_IMAGE =
            Pattern.compile("[^:@\\s]+(:\\d+\\.\\d+[\\w.+-]*(@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})");

    private static final Pattern JAR_COPY = Pattern.compile("--from=build\\s+/src/(\\S+\\.jar)\\s+\\S+");

    static Stream<String> services() {
        return Stream.concat(COMPONENTS.stream(), Stream.of("skiff"));
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyBaseImageIsPinnedAndTheImageRunsOnAJre(String service) {
        Dockerfile dockerfile = Dockerfile.read(SourceTree.dockerfile(service));

        List<String> images = dockerfile.all("FROM").stream()
                .map(from -> from.arguments().split("\\s+")[0])
                .toList();
        assertThat(images).as("a build stage and a runtime stage").hasSizeGreaterThanOrEqualTo(2);
        assertThat(images)
                .allSatisfy(image -> assertThat(image)
                        .as("pinned by version tag or digest")
                        .matches(PINNED_IMAGE)
                        .doesNotEndWith(":latest"));
        assertThat(images.get(images.size() - 1)).as("the runtime stage").contains("-jre");
        assertThat(dockerfile.all("RUN").stream().filter(run -> run.stage() == 0))
                .as("the build stage builds the module with the Maven wrapper")
                .anySatisfy(
                        run -> assertThat(run.arguments()).contains("./mvnw").contains("-pl services/" + service));
    }

    @ParameterizedTest
    @MethodSource("services")
    void theImageRunsAsAnUnprivilegedUserUnlessItManagesTheNode(String service) {
        Dockerfile dockerfile = Dockerfile.read(SourceTree.dockerfile(service));

        List<Dockerfile.Instruction> users = dockerfile.finalStage("USER");
        assertThat(users).as("USER is set in the runtime stage").isNotEmpty();
        Dockerfile.Instruction user = users.get(users.size() - 1);
        String name = user.arguments().split(":")[0];
        if (NEED_ROOT.contains(service)) {
            assertThat(name).isIn("root", "0");
            assertThat(user.comment()).as("why it needs root").containsIgnoringCase("root");
        } else {
            assertThat(name)
                    .as("a numeric uid, so that Kubernetes' runAsNonRoot can check it")
                    .matches("\\d+")
                    .isNotEqualTo("0");
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void theHealthCheckAsksTheActuatorLivenessGroup(String service) {
        Dockerfile dockerfile = Dockerfile.read(SourceTree.dockerfile(service));
        int actuatorPort = SourceTree.actuatorPort(service.equals("skiff") ? "apiserver" : service);

        assertThat(dockerfile.finalStage("HEALTHCHECK"))
                .singleElement()
                .satisfies(check -> assertThat(check.arguments())
                        .contains("CMD")
                        .contains("http://127.0.0.1:" + actuatorPort + "/actuator/health/liveness"));
        if (dockerfile.finalStage("HEALTHCHECK").get(0).arguments().contains("curl ")) {
            // The JRE base image does not promise curl: the final stage installs it.
            assertThat(dockerfile.finalStage("RUN"))
                    .as("a RUN in the final stage installing curl")
                    .anySatisfy(run -> assertThat(run.arguments()).containsPattern("apt-get install[^&]* curl"));
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void theImageCopiesTheJarTheModulesBuildMakes(String service) {
        Dockerfile dockerfile = Dockerfile.read(SourceTree.dockerfile(service));
        String expected = RunnableJar.path(service);

        List<String> copied = dockerfile.finalStage("COPY").stream()
                .map(copy -> JAR_COPY.matcher(copy.arguments()))
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .toList();
        assertThat(copied).containsExactly(expected);
        if (packaged(service)) {
            assertThat(SourceTree.root().resolve(expected))
                    .as("the module is packaged here: the jar the Dockerfile copies is the one Maven made")
                    .isRegularFile();
        }
        assertThat(dockerfile.finalStage("ENTRYPOINT"))
                .singleElement()
                .satisfies(entry -> assertThat(entry.arguments())
                        .contains("\"-jar\"")
                        .contains("\"/app/" + expected.substring(expected.lastIndexOf('/') + 1) + "\""));
    }

    @ParameterizedTest
    @MethodSource("services")
    void exposedPortsAreThoseTheServiceServesOn(String service) {
        Dockerfile dockerfile = Dockerfile.read(SourceTree.dockerfile(service));
        Set<String> exposed = new TreeSet<>();
        dockerfile
                .finalStage("EXPOSE")
                .forEach(e -> exposed.addAll(List.of(e.arguments().split("\\s+"))));

        Set<String> configured = new TreeSet<>();
        for (String component : service.equals("skiff") ? COMPONENTS : List.of(service)) {
            SourceTree.configuredPorts(component).forEach(port -> configured.add(Integer.toString(port)));
        }
        configured.addAll(portsSetByEnvironment(dockerfile));
        assertThat(exposed.stream().map(port -> port.replace("/tcp", "")).toList())
                .as("EXPOSE in " + SourceTree.dockerfile(service))
                .containsAll(configured);
    }

    /** Whether the module was packaged in this checkout (its Spring Boot -exec jar exists). */
    private static boolean packaged(String service) {
        try (Stream<java.nio.file.Path> files =
                Files.list(SourceTree.module(service).resolve("target"))) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith("-exec.jar"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Ports the image itself sets through Spring's relaxed binding (SKIFF_DNS_PORT=1053). */
    private static Set<String> portsSetByEnvironment(Dockerfile dockerfile) {
        Set<String> ports = new TreeSet<>();
        Pattern portVariable = Pattern.compile("\\b[A-Z_]*PORT=(\\d+)");
        for (Dockerfile.Instruction env : dockerfile.finalStage("ENV")) {
            Matcher matcher = portVariable.matcher(env.arguments());
            while (matcher.find()) {
                ports.add(matcher.group(1));
            }
        }
        return ports;
    }

    @org.junit.jupiter.api.Test
    void composeRunsThreeApiServersOnOnePostgresqlAndBuildsFromTheseDockerfiles() {
        Map<String, Object> compose = SourceTree.yaml(SourceTree.root().resolve("docker/compose.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        assertThat(services.keySet().stream().filter(name -> name.startsWith("apiserver-")))
                .hasSize(3);
        assertThat(services.keySet().stream().filter(name -> name.startsWith("scheduler-")))
                .hasSizeGreaterThan(1);
        assertThat(services.keySet().stream().filter(name -> name.startsWith("controller-manager-")))
                .hasSizeGreaterThan(1);
        assertThat(services).containsKeys("postgres", "dns");
        assertThat((String) services.get("postgres").get("image")).matches(PINNED_IMAGE);
        services.forEach((name, service) -> {
            Object dockerfile = SourceTree.path(service, "build", "dockerfile");
            if (dockerfile != null) {
                assertThat(SourceTree.root().resolve((String) dockerfile))
                        .as(name + "'s Dockerfile")
                        .isRegularFile();
            }
        });
        String datastore = (String) SourceTree.path(services.get("apiserver-1"), "environment", "SKIFF_DATASTORE_URL");
        for (String apiserver : List.of("apiserver-2", "apiserver-3")) {
            assertThat(SourceTree.path(services.get(apiserver), "environment", "SKIFF_DATASTORE_URL"))
                    .as(apiserver + " shares the one database")
                    .isEqualTo(datastore);
        }
        assertThat((String) SourceTree.path(services.get("scheduler-1"), "environment", "SKIFF_APISERVER_URLS"))
                .contains("apiserver-1:6443", "apiserver-2:6443", "apiserver-3:6443");
    }
}
