package io.skiff.apiserver.defaulting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodQosTest {

    static Stream<Arguments> pods() {
        return Stream.of(
                Arguments.of("no resources at all is best effort", """
                        spec:
                          containers:
                          - name: a
                        """, PodQos.BEST_EFFORT),
                Arguments.of("only resources other than cpu and memory is best effort", """
                        spec:
                          containers:
                          - name: a
                            resources:
                              limits:
                                nvidia.com/gpu: 1
                                ephemeral-storage: 1Gi
                        """, PodQos.BEST_EFFORT),
                Arguments.of("zero requests count as none", """
                        spec:
                          containers:
                          - name: a
                            resources:
                              requests:
                                cpu: 0
                        """, PodQos.BEST_EFFORT),
                Arguments.of(
                        "cpu and memory limits without requests are guaranteed, requests defaulting to limits",
                        """
                        spec:
                          containers:
                          - name: a
                            resources:
                              limits:
                                cpu: 500m
                                memory: 128Mi
                        """,
                        PodQos.GUARANTEED),
                Arguments.of(
                        "equal requests and limits in differently spelled quantities are guaranteed",
                        """
                        spec:
                          containers:
                          - name: a
                            resources:
                              requests:
                                cpu: 0.5
                                memory: 134217728
                              limits:
                                cpu: 500m
                                memory: 128Mi
                        """,
                        PodQos.GUARANTEED),
                Arguments.of("requests below limits are burstable", """
                        spec:
                          containers:
                          - name: a
                            resources:
                              requests:
                                cpu: 100m
                                memory: 128Mi
                              limits:
                                cpu: 500m
                                memory: 128Mi
                        """, PodQos.BURSTABLE),
                Arguments.of("a cpu limit without a memory limit is burstable", """
                        spec:
                          containers:
                          - name: a
                            resources:
                              limits:
                                cpu: 1
                        """, PodQos.BURSTABLE),
                Arguments.of(
                        "a best effort container next to a guaranteed one makes the pod burstable",
                        """
                        spec:
                          containers:
                          - name: a
                            resources:
                              limits:
                                cpu: 1
                                memory: 1Gi
                          - name: b
                        """,
                        PodQos.BURSTABLE),
                Arguments.of(
                        "init containers count: a best effort init container makes the pod burstable",
                        """
                        spec:
                          initContainers:
                          - name: init
                          containers:
                          - name: a
                            resources:
                              limits:
                                cpu: 1
                                memory: 1Gi
                        """,
                        PodQos.BURSTABLE),
                Arguments.of("guaranteed init and app containers are guaranteed", """
                        spec:
                          initContainers:
                          - name: init
                            resources:
                              limits:
                                cpu: 200m
                                memory: 64Mi
                          containers:
                          - name: a
                            resources:
                              limits:
                                cpu: 1
                                memory: 1Gi
                        """, PodQos.GUARANTEED),
                Arguments.of(
                        "requests are compared summed over containers, as Kubernetes does", """
                        spec:
                          containers:
                          - name: a
                            resources:
                              requests:
                                cpu: 2
                                memory: 1Gi
                              limits:
                                cpu: 1
                                memory: 1Gi
                          - name: b
                            resources:
                              requests:
                                cpu: 1
                                memory: 1Gi
                              limits:
                                cpu: 2
                                memory: 1Gi
                        """, PodQos.GUARANTEED),
                Arguments.of("ephemeral containers do not count", """
                        spec:
                          containers:
                          - name: a
                          ephemeralContainers:
                          - name: debug
                            resources:
                              limits:
                                cpu: 1
                        """, PodQos.BEST_EFFORT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void classifiesLikeKubernetes(String name, String pod, String expected) {
        assertThat(PodQos.compute(Fixtures.yaml(pod))).isEqualTo(expected);
    }
}
