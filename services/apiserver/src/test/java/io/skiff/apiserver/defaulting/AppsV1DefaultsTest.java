package io.skiff.apiserver.defaulting;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppsV1DefaultsTest {

    /** The pod template every case uses, and what Kubernetes reads back for it. */
    private static final String TEMPLATE = """
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: web
                    image: nginx:1.25
            """;

    private static final String DEFAULTED_TEMPLATE = """
              template:
                metadata:
                  creationTimestamp: null
                  labels:
                    app: web
                spec:
                  containers:
                  - name: web
                    image: nginx:1.25
                    imagePullPolicy: IfNotPresent
                    resources: {}
                    terminationMessagePath: /dev/termination-log
                    terminationMessagePolicy: File
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                DefaultingCase.of(
                        "deployment rolls out 25% at a time and keeps ten revisions",
                        "apps/v1", "Deployment", """
                        metadata:
                          name: web
                        spec:
                          selector:
                            matchLabels:
                              app: web
                        """ + TEMPLATE, """
                        metadata:
                          name: web
                        spec:
                          replicas: 1
                          selector:
                            matchLabels:
                              app: web
                          strategy:
                            type: RollingUpdate
                            rollingUpdate:
                              maxSurge: 25%
                              maxUnavailable: 25%
                          revisionHistoryLimit: 10
                          progressDeadlineSeconds: 600
                        """ + DEFAULTED_TEMPLATE + """
                        status: {}
                        """),
                DefaultingCase.of(
                        "recreate deployment gets no rolling update parameters and keeps zero replicas",
                        "apps/v1",
                        "Deployment",
                        """
                        spec:
                          replicas: 0
                          strategy:
                            type: Recreate
                        """ + TEMPLATE,
                        """
                        spec:
                          replicas: 0
                          strategy:
                            type: Recreate
                          revisionHistoryLimit: 10
                          progressDeadlineSeconds: 600
                        """ + DEFAULTED_TEMPLATE + """
                        status: {}
                        """),
                DefaultingCase.of(
                        "replica set runs one replica and reports zero replicas",
                        "apps/v1",
                        "ReplicaSet",
                        """
                        spec:
                        """ + TEMPLATE,
                        """
                        spec:
                          replicas: 1
                        """ + DEFAULTED_TEMPLATE + """
                        status:
                          replicas: 0
                        """),
                DefaultingCase.of(
                        "daemon set replaces one node at a time without surge",
                        "apps/v1",
                        "DaemonSet",
                        """
                        spec:
                          updateStrategy:
                            rollingUpdate:
                              maxUnavailable: 10%
                        """ + TEMPLATE,
                        """
                        spec:
                          updateStrategy:
                            type: RollingUpdate
                            rollingUpdate:
                              maxUnavailable: 10%
                              maxSurge: 0
                          revisionHistoryLimit: 10
                        """ + DEFAULTED_TEMPLATE + """
                        status:
                          currentNumberScheduled: 0
                          desiredNumberScheduled: 0
                          numberMisscheduled: 0
                          numberReady: 0
                        """),
                DefaultingCase.of(
                        "daemon set updated on delete gets no rolling update parameters",
                        "apps/v1",
                        "DaemonSet",
                        """
                        spec:
                          updateStrategy:
                            type: OnDelete
                          revisionHistoryLimit: 3
                        """ + TEMPLATE,
                        """
                        spec:
                          updateStrategy:
                            type: OnDelete
                          revisionHistoryLimit: 3
                        """ + DEFAULTED_TEMPLATE + """
                        status:
                          currentNumberScheduled: 0
                          desiredNumberScheduled: 0
                          numberMisscheduled: 0
                          numberReady: 0
                        """),
                DefaultingCase.of(
                        "stateful set claims are typed, defaulted and pending, pods ordered and claims retained",
                        "apps/v1",
                        "StatefulSet",
                        """
                        spec:
                          serviceName: db
                          volumeClaimTemplates:
                          - metadata:
                              name: data
                            spec:
                              accessModes: [ReadWriteOnce]
                              resources:
                                requests:
                                  storage: 1Gi
                        """ + TEMPLATE,
                        """
                        spec:
                          serviceName: db
                          podManagementPolicy: OrderedReady
                          updateStrategy:
                            type: RollingUpdate
                            rollingUpdate:
                              partition: 0
                          persistentVolumeClaimRetentionPolicy:
                            whenDeleted: Retain
                            whenScaled: Retain
                          replicas: 1
                          revisionHistoryLimit: 10
                          volumeClaimTemplates:
                          - apiVersion: v1
                            kind: PersistentVolumeClaim
                            metadata:
                              name: data
                              creationTimestamp: null
                            spec:
                              accessModes: [ReadWriteOnce]
                              resources:
                                requests:
                                  storage: 1Gi
                              volumeMode: Filesystem
                            status:
                              phase: Pending
                        """ + DEFAULTED_TEMPLATE + """
                        status:
                          replicas: 0
                          availableReplicas: 0
                        """),
                DefaultingCase.of(
                        "stateful set with an explicit rolling update type gets no partition",
                        "apps/v1",
                        "StatefulSet",
                        """
                        spec:
                          podManagementPolicy: Parallel
                          updateStrategy:
                            type: RollingUpdate
                          persistentVolumeClaimRetentionPolicy:
                            whenDeleted: Delete
                        """ + TEMPLATE,
                        """
                        spec:
                          podManagementPolicy: Parallel
                          updateStrategy:
                            type: RollingUpdate
                          persistentVolumeClaimRetentionPolicy:
                            whenDeleted: Delete
                            whenScaled: Retain
                          replicas: 1
                          revisionHistoryLimit: 10
                        """ + DEFAULTED_TEMPLATE + """
                        status:
                          replicas: 0
                          availableReplicas: 0
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
