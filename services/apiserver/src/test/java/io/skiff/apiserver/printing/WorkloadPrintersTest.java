package io.skiff.apiserver.printing;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows of the apps and batch kinds, printed at 2025-06-01T12:00:00Z, wide cells included. */
class WorkloadPrintersTest {

    static Stream<Arguments> workloads() {
        return Stream.of(
                Tables.Case.of(
                        "deployment mid-rollout",
                        "apps/v1",
                        "Deployment",
                        """
                        metadata:
                          name: web
                          creationTimestamp: "2025-06-01T11:53:20Z"
                        spec:
                          replicas: 3
                          selector:
                            matchLabels:
                              app: web
                          template:
                            metadata:
                              labels:
                                app: web
                            spec:
                              containers:
                              - name: web
                                image: nginx:1.27
                              - name: envoy
                                image: envoyproxy/envoy:v1.30
                        status:
                          replicas: 4
                          updatedReplicas: 1
                          readyReplicas: 2
                          availableReplicas: 2
                          unavailableReplicas: 2
                        """,
                        "web",
                        "2/3",
                        1,
                        2,
                        "6m40s",
                        "web,envoy",
                        "nginx:1.27,envoyproxy/envoy:v1.30",
                        "app=web"),
                Tables.Case.of(
                        "deployment selector with expressions prints sorted by key",
                        "apps/v1",
                        "Deployment",
                        """
                        metadata:
                          name: api
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          replicas: 2
                          selector:
                            matchLabels:
                              app: api
                            matchExpressions:
                            - key: tier
                              operator: In
                              values: [frontend, edge]
                            - key: canary
                              operator: DoesNotExist
                          template:
                            spec:
                              containers:
                              - name: api
                                image: api:3
                        """,
                        "api",
                        "0/2",
                        0,
                        0,
                        "60m",
                        "api",
                        "api:3",
                        "app=api,!canary,tier in (edge,frontend)"),
                Tables.Case.of(
                        "deployment without a selector prints an empty one",
                        "apps/v1",
                        "Deployment",
                        """
                        metadata:
                          name: bare
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          replicas: 1
                        """,
                        "bare",
                        "0/1",
                        0,
                        0,
                        "60m",
                        "",
                        "",
                        ""),
                Tables.Case.of(
                        "deployment with an invalid selector operator",
                        "apps/v1",
                        "Deployment",
                        """
                        metadata:
                          name: odd
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          replicas: 1
                          selector:
                            matchExpressions:
                            - key: app
                              operator: Near
                              values: [web]
                        """,
                        "odd",
                        "0/1",
                        0,
                        0,
                        "60m",
                        "",
                        "",
                        "<invalid>"),
                Tables.Case.of(
                        "replica set of a deployment",
                        "apps/v1",
                        "ReplicaSet",
                        """
                        metadata:
                          name: web-5d8f6c
                          creationTimestamp: "2025-06-01T11:53:20Z"
                        spec:
                          replicas: 3
                          selector:
                            matchLabels:
                              app: web
                              pod-template-hash: 5d8f6c
                          template:
                            spec:
                              containers:
                              - name: web
                                image: nginx:1.27
                        status:
                          replicas: 3
                          readyReplicas: 1
                        """,
                        "web-5d8f6c",
                        3,
                        3,
                        1,
                        "6m40s",
                        "web",
                        "nginx:1.27",
                        "app=web,pod-template-hash=5d8f6c"),
                Tables.Case.of(
                        "replica set with an empty selector",
                        "apps/v1",
                        "ReplicaSet",
                        """
                        metadata:
                          name: orphan
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          replicas: 0
                          selector: {}
                        """,
                        "orphan",
                        0,
                        0,
                        0,
                        "60m",
                        "",
                        "",
                        "<none>"),
                Tables.Case.of(
                        "daemon set on linux nodes",
                        "apps/v1",
                        "DaemonSet",
                        """
                        metadata:
                          name: kube-proxy
                          creationTimestamp: "2025-05-01T12:00:00Z"
                        spec:
                          selector:
                            matchLabels:
                              k8s-app: kube-proxy
                          template:
                            spec:
                              nodeSelector:
                                kubernetes.io/os: linux
                              containers:
                              - name: kube-proxy
                                image: registry.k8s.io/kube-proxy:v1.32.0
                        status:
                          desiredNumberScheduled: 3
                          currentNumberScheduled: 3
                          numberReady: 2
                          updatedNumberScheduled: 3
                          numberAvailable: 2
                        """,
                        "kube-proxy",
                        3,
                        3,
                        2,
                        3,
                        2,
                        "kubernetes.io/os=linux",
                        "31d",
                        "kube-proxy",
                        "registry.k8s.io/kube-proxy:v1.32.0",
                        "k8s-app=kube-proxy"),
                Tables.Case.of(
                        "stateful set scaling up",
                        "apps/v1",
                        "StatefulSet",
                        """
                        metadata:
                          name: db
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          replicas: 3
                          template:
                            spec:
                              containers:
                              - name: postgres
                                image: postgres:17
                        status:
                          replicas: 2
                          readyReplicas: 2
                        """,
                        "db",
                        "2/3",
                        "60m",
                        "postgres",
                        "postgres:17"),
                Tables.Case.of(
                        "controller revision names its controller by kind and group",
                        "apps/v1",
                        "ControllerRevision",
                        """
                        metadata:
                          name: db-6b9d4f7c8
                          creationTimestamp: "2025-06-01T11:00:00Z"
                          ownerReferences:
                          - apiVersion: v1
                            kind: Pod
                            name: not-the-controller
                            uid: u1
                          - apiVersion: apps/v1
                            kind: StatefulSet
                            name: db
                            uid: u2
                            controller: true
                        revision: 2
                        """,
                        "db-6b9d4f7c8",
                        "statefulset.apps/db",
                        2,
                        "60m"),
                Tables.Case.of(
                        "controller revision without a controller",
                        "apps/v1",
                        "ControllerRevision",
                        """
                        metadata:
                          name: loose-1
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        revision: 1
                        """,
                        "loose-1",
                        "<none>",
                        1,
                        "60m"),
                Tables.Case.of(
                        "completed job shows how long it ran",
                        "batch/v1",
                        "Job",
                        """
                        metadata:
                          name: pi
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          completions: 1
                          parallelism: 1
                          selector:
                            matchLabels:
                              batch.kubernetes.io/controller-uid: 7f1d
                          template:
                            spec:
                              containers:
                              - name: pi
                                image: perl:5.34
                        status:
                          startTime: "2025-06-01T11:00:00Z"
                          completionTime: "2025-06-01T11:00:42Z"
                          succeeded: 1
                          conditions:
                          - type: SuccessCriteriaMet
                            status: "True"
                          - type: Complete
                            status: "True"
                        """,
                        "pi",
                        "Complete",
                        "1/1",
                        "42s",
                        "60m",
                        "pi",
                        "perl:5.34",
                        "batch.kubernetes.io/controller-uid=7f1d"),
                Tables.Case.of(
                        "running work queue job counts against its parallelism and the time since it started",
                        "batch/v1",
                        "Job",
                        """
                        metadata:
                          name: queue
                          creationTimestamp: "2025-06-01T11:57:00Z"
                        spec:
                          parallelism: 3
                          template:
                            spec:
                              containers:
                              - name: worker
                                image: worker:1
                        status:
                          startTime: "2025-06-01T11:57:30Z"
                          active: 3
                          succeeded: 1
                        """,
                        "queue",
                        "Running",
                        "1/1 of 3",
                        "2m30s",
                        "3m",
                        "worker",
                        "worker:1",
                        "<none>"),
                Tables.Case.of(
                        "job that exceeded its backoff limit",
                        "batch/v1",
                        "Job",
                        """
                        metadata:
                          name: flaky
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          completions: 2
                        status:
                          startTime: "2025-06-01T11:00:00Z"
                          failed: 7
                          conditions:
                          - type: FailureTarget
                            status: "True"
                          - type: Failed
                            status: "True"
                        """,
                        "flaky",
                        "Failed",
                        "0/2",
                        "60m",
                        "60m",
                        "",
                        "",
                        "<none>"),
                Tables.Case.of(
                        "suspended job that never started",
                        "batch/v1",
                        "Job",
                        """
                        metadata:
                          name: later
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          completions: 1
                          suspend: true
                        status:
                          conditions:
                          - type: Suspended
                            status: "True"
                        """,
                        "later",
                        "Suspended",
                        "0/1",
                        "",
                        "60m",
                        "",
                        "",
                        "<none>"),
                Tables.Case.of(
                        "job being deleted",
                        "batch/v1",
                        "Job",
                        """
                        metadata:
                          name: gone
                          creationTimestamp: "2025-06-01T11:00:00Z"
                          deletionTimestamp: "2025-06-01T11:59:00Z"
                        spec:
                          completions: 1
                        status:
                          startTime: "2025-06-01T11:00:00Z"
                          conditions:
                          - type: Suspended
                            status: "False"
                        """,
                        "gone",
                        "Terminating",
                        "0/1",
                        "60m",
                        "60m",
                        "",
                        "",
                        "<none>"),
                Tables.Case.of(
                        "cron job that last ran five minutes ago",
                        "batch/v1",
                        "CronJob",
                        """
                        metadata:
                          name: report
                          creationTimestamp: "2025-05-25T12:00:00Z"
                        spec:
                          schedule: "*/5 * * * *"
                          suspend: false
                          jobTemplate:
                            spec:
                              template:
                                spec:
                                  containers:
                                  - name: report
                                    image: report:2
                        status:
                          active:
                          - name: report-29145600
                            namespace: default
                          lastScheduleTime: "2025-06-01T11:55:00Z"
                        """,
                        "report",
                        "*/5 * * * *",
                        "<none>",
                        "False",
                        1,
                        "5m",
                        "7d",
                        "report",
                        "report:2",
                        "<none>"),
                Tables.Case.of(
                        "cron job in a time zone that has not run yet",
                        "batch/v1",
                        "CronJob",
                        """
                        metadata:
                          name: nightly
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          schedule: "0 3 * * *"
                          timeZone: Europe/Paris
                          jobTemplate:
                            spec:
                              template:
                                spec:
                                  containers:
                                  - name: backup
                                    image: backup:1
                        """,
                        "nightly",
                        "0 3 * * *",
                        "Europe/Paris",
                        "<unset>",
                        0,
                        "<none>",
                        "60m",
                        "backup",
                        "backup:1",
                        "<none>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void printsKubernetesColumns(String name, Tables.Case workload) {
        workload.assertPrints();
    }
}
