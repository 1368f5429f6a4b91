package io.skiff.apiserver.defaulting;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchV1DefaultsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                DefaultingCase.of("job runs one pod to completion with six retries", "batch/v1", "Job", """
                        metadata:
                          name: pi
                        spec:
                          template:
                            spec:
                              restartPolicy: Never
                              containers:
                              - name: pi
                                image: perl:5.34.0
                        """, """
                        metadata:
                          name: pi
                        spec:
                          backoffLimit: 6
                          completionMode: NonIndexed
                          completions: 1
                          manualSelector: false
                          parallelism: 1
                          podReplacementPolicy: TerminatingOrFailed
                          suspend: false
                          template:
                            metadata:
                              creationTimestamp: null
                            spec:
                              restartPolicy: Never
                              containers:
                              - name: pi
                                image: perl:5.34.0
                                imagePullPolicy: IfNotPresent
                                resources: {}
                                terminationMessagePath: /dev/termination-log
                                terminationMessagePolicy: File
                              dnsPolicy: ClusterFirst
                              schedulerName: default-scheduler
                              securityContext: {}
                              terminationGracePeriodSeconds: 30
                        status: {}
                        """),
                DefaultingCase.of(
                        "work queue job keeps completions unset and takes its labels from the template",
                        "batch/v1",
                        "Job",
                        """
                        spec:
                          parallelism: 3
                          template:
                            metadata:
                              labels:
                                app: worker
                            spec:
                              restartPolicy: OnFailure
                              containers:
                              - name: w
                                image: worker:2
                        """,
                        """
                        metadata:
                          labels:
                            app: worker
                        spec:
                          parallelism: 3
                          backoffLimit: 6
                          completionMode: NonIndexed
                          manualSelector: false
                          podReplacementPolicy: TerminatingOrFailed
                          suspend: false
                          template:
                            metadata:
                              creationTimestamp: null
                              labels:
                                app: worker
                            spec:
                              restartPolicy: OnFailure
                              containers:
                              - name: w
                                image: worker:2
                                imagePullPolicy: IfNotPresent
                                resources: {}
                                terminationMessagePath: /dev/termination-log
                                terminationMessagePolicy: File
                              dnsPolicy: ClusterFirst
                              schedulerName: default-scheduler
                              securityContext: {}
                              terminationGracePeriodSeconds: 30
                        status: {}
                        """),
                DefaultingCase.of(
                        "indexed job with per-index backoff and a failure policy replaces only failed pods",
                        "batch/v1",
                        "Job",
                        """
                        metadata:
                          labels:
                            team: ml
                        spec:
                          completions: 4
                          completionMode: Indexed
                          backoffLimitPerIndex: 1
                          manualSelector: true
                          podFailurePolicy:
                            rules:
                            - action: Ignore
                              onPodConditions:
                              - type: DisruptionTarget
                          template:
                            metadata:
                              labels:
                                app: trainer
                            spec:
                              restartPolicy: Never
                              containers:
                              - name: t
                                image: trainer:1
                        """,
                        """
                        metadata:
                          labels:
                            team: ml
                        spec:
                          completions: 4
                          completionMode: Indexed
                          backoffLimitPerIndex: 1
                          backoffLimit: 2147483647
                          manualSelector: true
                          parallelism: 1
                          podFailurePolicy:
                            rules:
                            - action: Ignore
                              onPodConditions:
                              - type: DisruptionTarget
                                status: "True"
                          podReplacementPolicy: Failed
                          suspend: false
                          template:
                            metadata:
                              creationTimestamp: null
                              labels:
                                app: trainer
                            spec:
                              restartPolicy: Never
                              containers:
                              - name: t
                                image: trainer:1
                                imagePullPolicy: IfNotPresent
                                resources: {}
                                terminationMessagePath: /dev/termination-log
                                terminationMessagePolicy: File
                              dnsPolicy: ClusterFirst
                              schedulerName: default-scheduler
                              securityContext: {}
                              terminationGracePeriodSeconds: 30
                        status: {}
                        """),
                DefaultingCase.of(
                        "cron job allows concurrent runs and its job template gets template defaults only",
                        "batch/v1",
                        "CronJob",
                        """
                        spec:
                          schedule: "*/5 * * * *"
                          jobTemplate:
                            spec:
                              template:
                                spec:
                                  restartPolicy: OnFailure
                                  containers:
                                  - name: hello
                                    image: busybox:1.36
                        """,
                        """
                        spec:
                          schedule: "*/5 * * * *"
                          concurrencyPolicy: Allow
                          failedJobsHistoryLimit: 1
                          successfulJobsHistoryLimit: 3
                          suspend: false
                          jobTemplate:
                            metadata:
                              creationTimestamp: null
                            spec:
                              template:
                                metadata:
                                  creationTimestamp: null
                                spec:
                                  restartPolicy: OnFailure
                                  containers:
                                  - name: hello
                                    image: busybox:1.36
                                    imagePullPolicy: IfNotPresent
                                    resources: {}
                                    terminationMessagePath: /dev/termination-log
                                    terminationMessagePolicy: File
                                  dnsPolicy: ClusterFirst
                                  schedulerName: default-scheduler
                                  securityContext: {}
                                  terminationGracePeriodSeconds: 30
                        status: {}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesKubernetesDefaults(String name, DefaultingCase testCase) {
        testCase.assertDefaults();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void defaultingTwiceChangesNothingMore(String name, DefaultingCase testCase) {
        testCase.assertIdempotent();
    }
}
