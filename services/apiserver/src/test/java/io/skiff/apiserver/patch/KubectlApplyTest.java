package io.skiff.apiserver.patch;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The three-way patches client-side {@code kubectl apply} sends, applied to live objects. */
class KubectlApplyTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                PatchCase.of(
                        "a Deployment switches from RollingUpdate to Recreate, updates its image and drops a variable",
                        "apps/v1/Deployment",
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: web
                          namespace: default
                          labels: {app: web}
                          annotations:
                            deployment.kubernetes.io/revision: "1"
                            kubectl.kubernetes.io/last-applied-configuration: '{"old":true}'
                        spec:
                          replicas: 2
                          selector:
                            matchLabels: {app: web}
                          strategy:
                            type: RollingUpdate
                            rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
                          template:
                            metadata:
                              labels: {app: web}
                            spec:
                              containers:
                              - name: web
                                image: nginx:1.25
                                ports: [{containerPort: 80, protocol: TCP}]
                                env:
                                - {name: MODE, value: blue}
                                - {name: LEVEL, value: info}
                                terminationMessagePath: /dev/termination-log
                              dnsPolicy: ClusterFirst
                        """,
                        """
                        metadata:
                          annotations:
                            kubectl.kubernetes.io/last-applied-configuration: '{"new":true}'
                        spec:
                          strategy:
                            $retainKeys: [type]
                            type: Recreate
                          template:
                            spec:
                              $setElementOrder/containers: [{name: web}]
                              containers:
                              - name: web
                                image: nginx:1.27
                                $setElementOrder/env: [{name: MODE}]
                                env:
                                - {name: MODE, value: green}
                                - {name: LEVEL, $patch: delete}
                        """,
                        """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: web
                          namespace: default
                          labels: {app: web}
                          annotations:
                            deployment.kubernetes.io/revision: "1"
                            kubectl.kubernetes.io/last-applied-configuration: '{"new":true}'
                        spec:
                          replicas: 2
                          selector:
                            matchLabels: {app: web}
                          strategy:
                            type: Recreate
                          template:
                            metadata:
                              labels: {app: web}
                            spec:
                              containers:
                              - name: web
                                image: nginx:1.27
                                ports: [{containerPort: 80, protocol: TCP}]
                                env:
                                - {name: MODE, value: green}
                                terminationMessagePath: /dev/termination-log
                              dnsPolicy: ClusterFirst
                        """),
                PatchCase.of(
                        "a Service drops a port, adds one and loses a selector label", "v1/Service", """
                        metadata: {name: web}
                        spec:
                          type: ClusterIP
                          clusterIP: 10.96.0.10
                          selector: {app: web, tier: frontend}
                          ports:
                          - {name: http, port: 80, protocol: TCP, targetPort: 8080}
                          - {name: metrics, port: 9090, protocol: TCP, targetPort: 9090}
                        """, """
                        spec:
                          $setElementOrder/ports: [{port: 80}, {port: 443}]
                          ports:
                          - {name: https, port: 443, targetPort: 8443}
                          - {port: 9090, $patch: delete}
                          selector: {tier: null}
                        """, """
                        metadata: {name: web}
                        spec:
                          type: ClusterIP
                          clusterIP: 10.96.0.10
                          selector: {app: web}
                          ports:
                          - {name: http, port: 80, protocol: TCP, targetPort: 8080}
                          - {name: https, port: 443, targetPort: 8443}
                        """),
                PatchCase.of("a ConfigMap loses a key and gains another", "v1/ConfigMap", """
                        metadata:
                          name: settings
                          annotations: {kubectl.kubernetes.io/last-applied-configuration: '{"a":1}'}
                        data: {a: "1", b: "2"}
                        """, """
                        metadata:
                          annotations: {kubectl.kubernetes.io/last-applied-configuration: '{"a":2}'}
                        data: {b: null, c: "3"}
                        """, """
                        metadata:
                          name: settings
                          annotations: {kubectl.kubernetes.io/last-applied-configuration: '{"a":2}'}
                        data: {a: "1", c: "3"}
                        """),
                PatchCase.of(
                        "a Pod's volume changes source and its moved mount goes after the server-only one",
                        "v1/Pod",
                        """
                        spec:
                          containers:
                          - name: web
                            volumeMounts: [{name: data, mountPath: /data}, {name: token, mountPath: /var/run/token}]
                          volumes:
                          - {name: data, emptyDir: {}}
                          - {name: token, projected: {sources: []}}
                        """,
                        """
                        spec:
                          $setElementOrder/containers: [{name: web}]
                          containers:
                          - name: web
                            $setElementOrder/volumeMounts: [{mountPath: /srv}]
                            volumeMounts:
                            - {name: data, mountPath: /srv}
                            - {mountPath: /data, $patch: delete}
                          $setElementOrder/volumes: [{name: data}]
                          volumes:
                          - {$retainKeys: [configMap, name], name: data, configMap: {name: cfg}, emptyDir: null}
                        """,
                        """
                        spec:
                          containers:
                          - name: web
                            volumeMounts: [{name: token, mountPath: /var/run/token}, {name: data, mountPath: /srv}]
                          volumes:
                          - {name: data, configMap: {name: cfg}}
                          - {name: token, projected: {sources: []}}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesKubectlPatches(String name, PatchCase patchCase) {
        patchCase.assertResult();
    }
}
