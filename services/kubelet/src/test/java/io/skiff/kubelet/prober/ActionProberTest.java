package io.skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ExecResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A probe's verdict and the events Kubernetes records for it. */
class ActionProberTest {

    private static final PodStatus STATUS =
            new PodStatusBuilder().withPodIP("127.0.0.1").build();

    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ActionProber prober = new ActionProber(
            runtime,
            (pod, container, reason, message) -> events.add(container.getName() + " " + reason + ": " + message),
            ProbeNetwork.direct());

    @Test
    void aFailedProbeIsUnhealthy() throws Exception {
        runtime.nextExec = new ExecResult("not yet".getBytes(StandardCharsets.UTF_8), new byte[0], 1, false);
        Container web = container(ProbeType.READINESS, exec());

        ProbeResult result = prober.probe(ProbeType.READINESS, pod(web), STATUS, web, "runc://c1");

        assertThat(result).isEqualTo(ProbeResult.FAILURE);
        assertThat(events).containsExactly("web Unhealthy: Readiness probe failed: not yet");
        assertThat(runtime.execs).containsExactly("c1 [cat, /tmp/healthy] PT1S");
    }

    @Test
    void aSuccessRecordsNothing() throws Exception {
        Container web = container(ProbeType.LIVENESS, exec());

        ProbeResult result = prober.probe(ProbeType.LIVENESS, pod(web), STATUS, web, "runc://c1");

        assertThat(result).isEqualTo(ProbeResult.SUCCESS);
        assertThat(events).isEmpty();
    }

    @Test
    void aProbeThatCannotRunIsTriedThreeTimesThenErrors() {
        runtime.nextFailure = new ContainerRuntimeException("container \"c1\" is not running");
        Container web = container(ProbeType.LIVENESS, exec());

        assertThatThrownBy(() -> prober.probe(ProbeType.LIVENESS, pod(web), STATUS, web, "runc://c1"))
                .isInstanceOf(ProbeActionException.class);

        assertThat(runtime.execs).hasSize(ActionProber.MAX_TRIES);
        assertThat(events)
                .containsExactly("web Unhealthy: Liveness probe errored and resulted in unknown state: "
                        + "container \"c1\" is not running");
    }

    @Test
    void aPortTheContainerDoesNotDeclareErrors() {
        Probe probe = new ProbeBuilder()
                .withNewTcpSocket()
                .withPort(new IntOrString("admin"))
                .endTcpSocket()
                .build();
        Container web = container(ProbeType.STARTUP, probe);

        assertThatThrownBy(() -> prober.probe(ProbeType.STARTUP, pod(web), STATUS, web, "runc://c1"))
                .isInstanceOf(ProbeActionException.class)
                .hasMessage("port \"admin\" not found");
        assertThat(events)
                .containsExactly(
                        "web Unhealthy: Startup probe errored and resulted in unknown state: port \"admin\" not found");
    }

    @Test
    void aRedirectToAnotherHostSucceedsWithAProbeWarning() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://localhost:1/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        try {
            Probe probe = new ProbeBuilder()
                    .withNewHttpGet()
                    .withPort(new IntOrString(server.getAddress().getPort()))
                    .withPath("/")
                    .endHttpGet()
                    .build();
            Container web = container(ProbeType.LIVENESS, probe);

            ProbeResult result = prober.probe(ProbeType.LIVENESS, pod(web), STATUS, web, "runc://c1");

            assertThat(result).isEqualTo(ProbeResult.SUCCESS);
            assertThat(events)
                    .containsExactly(
                            "web ProbeWarning: Liveness probe warning: Probe terminated redirects, Response body: ");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aContainerWithoutTheProbeSucceeds() throws Exception {
        Container web = new ContainerBuilder().withName("web").build();

        assertThat(prober.probe(ProbeType.READINESS, pod(web), STATUS, web, "runc://c1"))
                .isEqualTo(ProbeResult.SUCCESS);
        assertThat(runtime.execs).isEmpty();
    }

    @Test
    void aProbeWithoutAnActionErrors() {
        Container web = container(ProbeType.READINESS, new ProbeBuilder().build());

        assertThatThrownBy(() -> prober.probe(ProbeType.READINESS, pod(web), STATUS, web, "runc://c1"))
                .hasMessage("missing probe handler for web_default(uid-web):web");
    }

    @Test
    void networkProbesAreRefusedWhenThePodsAreOutOfTheKubeletsNetwork() throws Exception {
        ActionProber apart = new ActionProber(
                runtime,
                (pod, container, reason, message) -> events.add(container.getName() + " " + reason + ": " + message),
                ProbeNetwork.unreachable("pods live in network namespace /run/netns/node"));
        Container tcp = container(
                ProbeType.READINESS,
                new ProbeBuilder()
                        .withNewTcpSocket()
                        .withNewPort(8080)
                        .endTcpSocket()
                        .build());

        assertThatThrownBy(() -> apart.probe(ProbeType.READINESS, pod(tcp), STATUS, tcp, "runc://c1"))
                .isInstanceOf(ProbeActionException.class)
                .hasMessage("network probes cannot run on this node: pods live in network namespace /run/netns/node");
        // Exec probes run inside the container and are unaffected.
        Container web = container(ProbeType.LIVENESS, exec());
        assertThat(apart.probe(ProbeType.LIVENESS, pod(web), STATUS, web, "runc://c1"))
                .isEqualTo(ProbeResult.SUCCESS);
    }

    private static Probe exec() {
        return new ProbeBuilder()
                .withNewExec()
                .withCommand("cat", "/tmp/healthy")
                .endExec()
                .build();
    }

    private static Container container(ProbeType type, Probe probe) {
        return ProbeFixture.container("web", type, probe);
    }

    private static Pod pod(Container container) {
        return ProbeFixture.pod("Always", container);
    }
}
