package io.skiff.apiserver.patch;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Lists: merging by merge key, as sets of scalars or replaced whole (patch_test.go's list cases). */
class ListMergeTest {

    private static final String DEPLOYMENT = "apps/v1/Deployment";

    /** A Deployment whose pod template has the given containers, as YAML flow sequences. */
    private static String containers(String list) {
        return "spec: {template: {spec: {containers: " + list + "}}}";
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                PatchCase.of(
                        "env merges by name: changed and added variables, the others kept",
                        DEPLOYMENT,
                        containers("[{name: web, image: nginx, env: [{name: A, value: '1'}, {name: B, value: '2'}]}]"),
                        containers("[{name: web, env: [{name: B, value: '20'}, {name: C, value: '3'}]}]"),
                        containers("[{name: web, image: nginx, env: [{name: A, value: '1'}, {name: B, value: '20'},"
                                + " {name: C, value: '3'}]}]")),
                PatchCase.of(
                        "a container is removed with $patch: delete",
                        DEPLOYMENT,
                        containers("[{name: web, image: nginx}, {name: sidecar, image: envoy}]"),
                        containers("[{name: sidecar, $patch: delete}]"),
                        containers("[{name: web, image: nginx}]")),
                PatchCase.of(
                        "deleting a container that is not there changes nothing",
                        DEPLOYMENT,
                        containers("[{name: web, image: nginx}]"),
                        containers("[{name: ghost, $patch: delete}]"),
                        containers("[{name: web, image: nginx}]")),
                PatchCase.of(
                        "every element with the deleted merge key goes",
                        DEPLOYMENT,
                        containers("[{name: web, env: [{name: A}, {name: A}, {name: B, value: a}, {name: C},"
                                + " {name: C}]}]"),
                        containers("[{name: web, env: [{name: A, $patch: delete}, {name: C, $patch: delete}]}]"),
                        containers("[{name: web, env: [{name: B, value: a}]}]")),
                PatchCase.of(
                        "a container added without an order goes before the live ones",
                        DEPLOYMENT,
                        containers("[{name: web, image: nginx}]"),
                        containers("[{name: sidecar, image: envoy}]"),
                        containers("[{name: sidecar, image: envoy}, {name: web, image: nginx}]")),
                PatchCase.of(
                        "the patch's order wins for the elements it names",
                        DEPLOYMENT,
                        containers("[{name: web, env: [{name: A}, {name: B, value: b}, {name: C}]}]"),
                        containers("[{name: web, env: [{name: C, value: c}, {name: A, value: a},"
                                + " {name: B, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]}]"),
                        containers("[{name: web, env: [{name: C, value: c}, {name: A, value: a},"
                                + " {name: B, value: b, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]}]")),
                PatchCase.of(
                        "a live element the patch skips keeps its place before later patched ones",
                        DEPLOYMENT,
                        containers("[{name: web, env: [{name: A}, {name: B, value: b}, {name: C}]}]"),
                        containers("[{name: web, env: [{name: C, value: c}, {name: A, value: a}]}]"),
                        containers("[{name: web, env: [{name: B, value: b}, {name: C, value: c},"
                                + " {name: A, value: a}]}]")),
                PatchCase.of(
                        "$patch: replace in a list replaces the whole list",
                        DEPLOYMENT,
                        containers("[{name: web, env: [{name: A}, {name: B}]}]"),
                        containers("[{name: web, env: [{name: X, value: x}, {$patch: replace}]}]"),
                        containers("[{name: web, env: [{name: X, value: x}]}]")),
                PatchCase.of(
                        "$patch: replace alone empties the list",
                        DEPLOYMENT,
                        containers("[{name: web, env: [{name: A}, {name: B}]}]"),
                        containers("[{name: web, env: [{$patch: replace}]}]"),
                        containers("[{name: web, env: []}]")),
                PatchCase.of(
                        "volume mounts merge on mountPath inside the merged container",
                        DEPLOYMENT,
                        containers("[{name: web, volumeMounts: [{name: data, mountPath: /data},"
                                + " {name: cache, mountPath: /cache}]}]"),
                        containers("[{name: web, volumeMounts: [{name: data2, mountPath: /data, readOnly: true}]}]"),
                        containers("[{name: web, volumeMounts: [{name: data2, mountPath: /data, readOnly: true},"
                                + " {name: cache, mountPath: /cache}]}]")),
                PatchCase.of(
                        "lists without a patch strategy are replaced whole",
                        DEPLOYMENT,
                        containers("[{name: web, args: [--a, --b], env: [{name: A}]}]"),
                        containers("[{name: web, args: [--c], env: [{name: B}]}]"),
                        containers("[{name: web, args: [--c], env: [{name: B}, {name: A}]}]")),
                PatchCase.of(
                        "tolerations are atomic and replaced whole",
                        "v1/Pod",
                        """
                        spec:
                          tolerations:
                          - {key: a, operator: Exists}
                          - {key: b, operator: Exists}
                        """,
                        "spec: {tolerations: [{key: c, operator: Exists}]}",
                        "spec: {tolerations: [{key: c, operator: Exists}]}"),
                PatchCase.of("Service ports merge on port", "v1/Service", """
                        spec:
                          ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]
                        """, """
                        spec:
                          ports:
                          - {port: 80, targetPort: 9090}
                          - {name: https, port: 443, targetPort: 8443}
                        """, """
                        spec:
                          ports:
                          - {name: http, port: 80, targetPort: 9090, protocol: TCP}
                          - {name: https, port: 443, targetPort: 8443}
                        """),
                PatchCase.of(
                        "owner references merge on uid",
                        "apps/v1/ReplicaSet",
                        """
                        metadata:
                          ownerReferences:
                          - {apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true}
                        """,
                        "metadata: {ownerReferences: [{uid: u1, blockOwnerDeletion: true}]}",
                        """
                        metadata:
                          ownerReferences:
                          - {apiVersion: apps/v1, kind: Deployment, name: web, uid: u1, controller: true,
                             blockOwnerDeletion: true}
                        """),
                PatchCase.of(
                        "finalizers merge as a set of unique scalars",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [a, b]}",
                        "metadata: {finalizers: [b, c]}",
                        "metadata: {finalizers: [a, b, c]}"),
                PatchCase.of(
                        "the patch's order wins in a list of scalars too",
                        "v1/ConfigMap",
                        "metadata: {finalizers: [a, b, c]}",
                        "metadata: {finalizers: [c, a]}",
                        "metadata: {finalizers: [b, c, a]}"),
                PatchCase.of(
                        "node addresses merge on type",
                        "v1/Node",
                        """
                        status:
                          addresses:
                          - {type: InternalIP, address: 10.0.0.1}
                          - {type: Hostname, address: node-1}
                        """,
                        "status: {addresses: [{type: InternalIP, address: 10.0.0.2}]}",
                        """
                        status:
                          addresses:
                          - {type: InternalIP, address: 10.0.0.2}
                          - {type: Hostname, address: node-1}
                        """),
                PatchCase.of(
                        "pod conditions merge on type",
                        "v1/Pod",
                        """
                        status:
                          conditions:
                          - {type: PodScheduled, status: "True"}
                          - {type: Ready, status: "False"}
                        """,
                        "status: {conditions: [{type: Ready, status: \"True\"}]}",
                        """
                        status:
                          conditions:
                          - {type: PodScheduled, status: "True"}
                          - {type: Ready, status: "True"}
                        """),
                PatchCase.of("a CronJob's job template merges containers by name", "batch/v1/CronJob", """
                        spec:
                          jobTemplate:
                            spec:
                              template:
                                spec:
                                  containers: [{name: job, image: busybox, args: [date]}]
                        """, """
                        spec:
                          jobTemplate:
                            spec:
                              template:
                                spec:
                                  containers: [{name: job, image: busybox:1.36}]
                        """, """
                        spec:
                          jobTemplate:
                            spec:
                              template:
                                spec:
                                  containers: [{name: job, image: busybox:1.36, args: [date]}]
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void patchesLists(String name, PatchCase patchCase) {
        patchCase.assertResult();
    }
}
