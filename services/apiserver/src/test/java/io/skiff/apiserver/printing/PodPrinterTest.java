package io.skiff.apiserver.printing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pod rows, printed at 2025-06-01T12:00:00Z; cells are NAME READY STATUS RESTARTS AGE IP NODE NOMINATED GATES. */
class PodPrinterTest {

    static Stream<Arguments> pods() {
        return Stream.of(
                pod(
                        "crash looping container shows CrashLoopBackOff and how long ago it last restarted",
                        """
                        metadata:
                          name: web-7d4b9c
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          nodeName: node-1
                          containers:
                          - name: web
                            image: nginx:1.25
                        status:
                          phase: Running
                          podIP: 10.244.1.5
                          podIPs:
                          - ip: 10.244.1.5
                          conditions:
                          - type: Ready
                            status: "False"
                          containerStatuses:
                          - name: web
                            ready: false
                            restartCount: 5
                            state:
                              waiting:
                                reason: CrashLoopBackOff
                                message: back-off 2m40s restarting failed container
                            lastState:
                              terminated:
                                exitCode: 1
                                reason: Error
                                finishedAt: "2025-06-01T11:55:00Z"
                        """,
                        "web-7d4b9c",
                        "0/1",
                        "CrashLoopBackOff",
                        "5 (5m ago)",
                        "60m",
                        "10.244.1.5",
                        "node-1",
                        "<none>",
                        "<none>"),
                pod(
                        "running pod being deleted is Terminating",
                        """
                        metadata:
                          name: api-0
                          creationTimestamp: "2025-05-30T12:00:00Z"
                          deletionTimestamp: "2025-06-01T11:59:30Z"
                        spec:
                          nodeName: node-2
                          containers:
                          - name: api
                            image: api:2
                        status:
                          phase: Running
                          podIP: 10.244.2.9
                          containerStatuses:
                          - name: api
                            ready: true
                            restartCount: 0
                            state:
                              running:
                                startedAt: "2025-05-30T12:00:05Z"
                        """,
                        "api-0",
                        "1/1",
                        "Terminating",
                        "0",
                        "2d",
                        "10.244.2.9",
                        "node-2",
                        "<none>",
                        "<none>"),
                pod(
                        "succeeded pod being deleted keeps its final status",
                        """
                        metadata:
                          name: once
                          creationTimestamp: "2025-06-01T11:00:00Z"
                          deletionTimestamp: "2025-06-01T11:59:30Z"
                        spec:
                          containers:
                          - name: once
                            image: busybox
                        status:
                          phase: Succeeded
                          containerStatuses:
                          - name: once
                            ready: false
                            restartCount: 0
                            state:
                              terminated:
                                exitCode: 0
                                reason: Completed
                        """,
                        "once",
                        "0/1",
                        "Completed",
                        "0",
                        "60m",
                        "<none>",
                        "<none>",
                        "<none>",
                        "<none>"),
                pod(
                        "pending pod with a running init container counts init progress",
                        """
                        metadata:
                          name: app
                          creationTimestamp: "2025-06-01T11:59:15Z"
                        spec:
                          initContainers:
                          - name: migrate
                            image: migrate:1
                          containers:
                          - name: app
                            image: app:1
                          - name: log
                            image: log:1
                        status:
                          phase: Pending
                          conditions:
                          - type: Initialized
                            status: "False"
                          initContainerStatuses:
                          - name: migrate
                            ready: false
                            restartCount: 0
                            state:
                              running:
                                startedAt: "2025-06-01T11:59:20Z"
                          containerStatuses:
                          - name: app
                            ready: false
                            restartCount: 0
                            state:
                              waiting:
                                reason: PodInitializing
                          - name: log
                            ready: false
                            restartCount: 0
                            state:
                              waiting:
                                reason: PodInitializing
                        """,
                        "app",
                        "0/2",
                        "Init:0/1",
                        "0",
                        "45s",
                        "<none>",
                        "<none>",
                        "<none>",
                        "<none>"),
                pod(
                        "second init container still to run after the first completed",
                        """
                        metadata:
                          name: app
                          creationTimestamp: "2025-06-01T11:59:15Z"
                        spec:
                          initContainers:
                          - name: fetch
                            image: fetch:1
                          - name: migrate
                            image: migrate:1
                          containers:
                          - name: app
                            image: app:1
                        status:
                          phase: Pending
                          initContainerStatuses:
                          - name: fetch
                            restartCount: 0
                            state:
                              terminated:
                                exitCode: 0
                                reason: Completed
                          - name: migrate
                            restartCount: 0
                            state:
                              waiting:
                                reason: PodInitializing
                        """,
                        "app",
                        "0/1",
                        "Init:1/2",
                        "0",
                        "45s",
                        "<none>",
                        "<none>",
                        "<none>",
                        "<none>"),
                pod(
                        "init container that cannot pull its image shows the waiting reason",
                        """
                        metadata:
                          name: app
                          creationTimestamp: "2025-06-01T11:58:00Z"
                        spec:
                          nodeName: node-1
                          initContainers:
                          - name: migrate
                            image: migrate:missing
                          containers:
                          - name: app
                            image: app:1
                        status:
                          phase: Pending
                          initContainerStatuses:
                          - name: migrate
                            restartCount: 0
                            state:
                              waiting:
                                reason: ImagePullBackOff
                        """,
                        "app",
                        "0/1",
                        "Init:ImagePullBackOff",
                        "0",
                        "2m",
                        "<none>",
                        "node-1",
                        "<none>",
                        "<none>"),
                pod(
                        "init container that exited without a reason shows its exit code and init restarts",
                        """
                        metadata:
                          name: app
                          creationTimestamp: "2025-06-01T11:50:00Z"
                        spec:
                          initContainers:
                          - name: migrate
                            image: migrate:1
                          containers:
                          - name: app
                            image: app:1
                        status:
                          phase: Pending
                          conditions:
                          - type: Initialized
                            status: "False"
                          initContainerStatuses:
                          - name: migrate
                            restartCount: 3
                            state:
                              terminated:
                                exitCode: 2
                            lastState:
                              terminated:
                                exitCode: 2
                                finishedAt: "2025-06-01T11:58:00Z"
                          containerStatuses:
                          - name: app
                            restartCount: 0
                            state:
                              waiting:
                                reason: PodInitializing
                        """,
                        "app",
                        "0/1",
                        "Init:ExitCode:2",
                        "3 (2m ago)",
                        "10m",
                        "<none>",
                        "<none>",
                        "<none>",
                        "<none>"),
                pod(
                        "container being created on its node",
                        """
                        metadata:
                          name: web
                          creationTimestamp: "2025-06-01T11:59:50Z"
                        spec:
                          nodeName: node-3
                          containers:
                          - name: web
                            image: nginx
                        status:
                          phase: Pending
                          containerStatuses:
                          - name: web
                            ready: false
                            restartCount: 0
                            state:
                              waiting:
                                reason: ContainerCreating
                        """,
                        "web",
                        "0/1",
                        "ContainerCreating",
                        "0",
                        "10s",
                        "<none>",
                        "node-3",
                        "<none>",
                        "<none>"),
                pod(
                        "pod waiting for scheduling gates to be removed",
                        """
                        metadata:
                          name: gated
                          creationTimestamp: "2025-06-01T11:59:00Z"
                        spec:
                          schedulingGates:
                          - name: example.com/quota
                          containers:
                          - name: app
                            image: app:1
                        status:
                          phase: Pending
                          conditions:
                          - type: PodScheduled
                            status: "False"
                            reason: SchedulingGated
                        """,
                        "gated",
                        "0/1",
                        "SchedulingGated",
                        "0",
                        "60s",
                        "<none>",
                        "<none>",
                        "<none>",
                        "<none>"),
                pod(
                        "pod on a lost node being deleted is Unknown",
                        """
                        metadata:
                          name: web
                          creationTimestamp: "2025-06-01T09:00:00Z"
                          deletionTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          nodeName: node-9
                          containers:
                          - name: web
                            image: nginx
                        status:
                          phase: Running
                          reason: NodeLost
                          containerStatuses:
                          - name: web
                            ready: true
                            restartCount: 0
                            state:
                              running: {}
                        """,
                        "web",
                        "1/1",
                        "Unknown",
                        "0",
                        "3h",
                        "<none>",
                        "node-9",
                        "<none>",
                        "<none>"),
                pod(
                        "evicted pod shows the pod's reason",
                        """
                        metadata:
                          name: web
                          creationTimestamp: "2025-05-31T12:00:00Z"
                        spec:
                          nodeName: node-1
                          containers:
                          - name: web
                            image: nginx
                        status:
                          phase: Failed
                          reason: Evicted
                          message: "The node was low on resource: memory."
                        """,
                        "web",
                        "0/1",
                        "Evicted",
                        "0",
                        "24h",
                        "<none>",
                        "node-1",
                        "<none>",
                        "<none>"),
                pod(
                        "container killed by a signal without a reason",
                        """
                        metadata:
                          name: job-x
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          containers:
                          - name: work
                            image: work
                        status:
                          phase: Failed
                          containerStatuses:
                          - name: work
                            restartCount: 0
                            state:
                              terminated:
                                exitCode: 137
                                signal: 9
                        """,
                        "job-x",
                        "0/1",
                        "Signal:9",
                        "0",
                        "60m",
                        "<none>",
                        "<none>",
                        "<none>",
                        "<none>"),
                pod(
                        "running sidecar init container counts as a ready container and its restarts count",
                        """
                        metadata:
                          name: mesh
                          creationTimestamp: "2025-06-01T10:00:00Z"
                        spec:
                          nodeName: node-1
                          initContainers:
                          - name: proxy
                            image: envoy
                            restartPolicy: Always
                          containers:
                          - name: app
                            image: app:1
                        status:
                          phase: Running
                          podIPs:
                          - ip: 10.244.1.7
                          - ip: fd00::7
                          conditions:
                          - type: Initialized
                            status: "True"
                          - type: Ready
                            status: "True"
                          initContainerStatuses:
                          - name: proxy
                            ready: true
                            started: true
                            restartCount: 1
                            state:
                              running: {}
                            lastState:
                              terminated:
                                exitCode: 1
                                finishedAt: "2025-06-01T11:30:00Z"
                          containerStatuses:
                          - name: app
                            ready: true
                            restartCount: 0
                            state:
                              running: {}
                        """,
                        "mesh",
                        "2/2",
                        "Running",
                        "1 (30m ago)",
                        "120m",
                        "10.244.1.7",
                        "node-1",
                        "<none>",
                        "<none>"),
                pod(
                        "completed first container while another still runs reads Running",
                        """
                        metadata:
                          name: pair
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          containers:
                          - name: setup
                            image: setup
                          - name: server
                            image: server
                        status:
                          phase: Running
                          conditions:
                          - type: Ready
                            status: "True"
                          containerStatuses:
                          - name: setup
                            ready: false
                            restartCount: 0
                            state:
                              terminated:
                                exitCode: 0
                                reason: Completed
                          - name: server
                            ready: true
                            restartCount: 0
                            state:
                              running: {}
                        """,
                        "pair",
                        "1/2",
                        "Running",
                        "0",
                        "60m",
                        "<none>",
                        "<none>",
                        "<none>",
                        "<none>"),
                pod(
                        "completed first container while another runs unready reads NotReady",
                        """
                        metadata:
                          name: pair
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          containers:
                          - name: setup
                            image: setup
                          - name: server
                            image: server
                        status:
                          phase: Running
                          containerStatuses:
                          - name: setup
                            restartCount: 0
                            state:
                              terminated:
                                exitCode: 0
                                reason: Completed
                          - name: server
                            ready: true
                            restartCount: 0
                            state:
                              running: {}
                        """,
                        "pair",
                        "1/2",
                        "NotReady",
                        "0",
                        "60m",
                        "<none>",
                        "<none>",
                        "<none>",
                        "<none>"),
                pod(
                        "readiness gates count the gate conditions that are True",
                        """
                        metadata:
                          name: lb-backed
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          nodeName: node-1
                          readinessGates:
                          - conditionType: example.com/load-balancer
                          - conditionType: example.com/dns
                          containers:
                          - name: web
                            image: nginx
                        status:
                          phase: Running
                          nominatedNodeName: node-4
                          conditions:
                          - type: example.com/load-balancer
                            status: "True"
                          - type: example.com/dns
                            status: "False"
                          containerStatuses:
                          - name: web
                            ready: true
                            restartCount: 0
                            state:
                              running: {}
                        """,
                        "lb-backed",
                        "1/1",
                        "Running",
                        "0",
                        "60m",
                        "<none>",
                        "node-1",
                        "node-4",
                        "1/2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void printsKubernetesPodColumns(String name, Tables.Case pod) {
        pod.assertPrints();
    }

    @Test
    void finishedPodsCarryTheCompletedRowCondition() {
        JsonNode table = Tables.table("v1", "Pod", """
                metadata: {name: done}
                status: {phase: Succeeded}
                """, """
                metadata: {name: broken}
                status: {phase: Failed}
                """, """
                metadata: {name: running}
                status: {phase: Running}
                """);

        assertThat(table.at("/rows/0/conditions").toString())
                .isEqualTo("[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Succeeded\","
                        + "\"message\":\"The pod has completed successfully.\"}]");
        assertThat(table.at("/rows/1/conditions").toString())
                .isEqualTo("[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Failed\","
                        + "\"message\":\"The pod failed.\"}]");
        assertThat(table.path("rows").path(2).has("conditions")).isFalse();
    }

    private static Arguments pod(String name, String yaml, Object... cells) {
        return Tables.Case.of(name, "v1", "Pod", yaml, cells);
    }
}
