package io.skiff.apiserver.printing;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rows of events, storage, networking, discovery, policy, RBAC, scheduling and coordination kinds,
 * printed at 2025-06-01T12:00:00Z, wide cells included.
 */
class ClusterPrintersTest {

    static Stream<Arguments> objects() {
        return Stream.of(
                Tables.Case.of(
                        "core event repeated by the kubelet",
                        "v1",
                        "Event",
                        """
                        apiVersion: v1
                        kind: Event
                        metadata:
                          name: web-7d4b9c.17d1a2b3c4d5e6f7
                          creationTimestamp: "2025-06-01T11:10:00Z"
                        involvedObject:
                          kind: Pod
                          name: web-7d4b9c
                          namespace: default
                          fieldPath: spec.containers{web}
                        reason: BackOff
                        message: "Back-off restarting failed container web in pod web-7d4b9c\\n"
                        source:
                          component: kubelet
                          host: node-1
                        firstTimestamp: "2025-06-01T11:10:00Z"
                        lastTimestamp: "2025-06-01T11:58:00Z"
                        count: 12
                        type: Warning
                        """,
                        "2m",
                        "Warning",
                        "BackOff",
                        "pod/web-7d4b9c",
                        "spec.containers{web}",
                        "kubelet, node-1",
                        "Back-off restarting failed container web in pod web-7d4b9c",
                        "50m",
                        12,
                        "web-7d4b9c.17d1a2b3c4d5e6f7"),
                Tables.Case.of(
                        "core event about a kind without a name, reported by a controller",
                        "v1",
                        "Event",
                        """
                        apiVersion: v1
                        kind: Event
                        metadata:
                          name: cluster.1
                          creationTimestamp: "2025-06-01T11:59:00Z"
                        involvedObject:
                          kind: Cluster
                        reason: Started
                        message: started
                        eventTime: "2025-06-01T11:59:00.000000Z"
                        reportingComponent: skiff-controller-manager
                        reportingInstance: skiff-controller-manager-cp-1
                        type: Normal
                        """,
                        "60s",
                        "Normal",
                        "Started",
                        "cluster",
                        "",
                        "skiff-controller-manager, skiff-controller-manager-cp-1",
                        "started",
                        "60s",
                        1,
                        "cluster.1"),
                Tables.Case.of(
                        "events.k8s.io event series uses the last observed time and series count",
                        "events.k8s.io/v1",
                        "Event",
                        """
                        apiVersion: events.k8s.io/v1
                        kind: Event
                        metadata:
                          name: node-1.17d1
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        eventTime: "2025-06-01T11:00:00.000000Z"
                        series:
                          count: 3
                          lastObservedTime: "2025-06-01T11:59:00.000000Z"
                        reportingController: kubelet
                        reportingInstance: node-1
                        action: StatusChange
                        reason: NodeReady
                        regarding:
                          kind: Node
                          name: node-1
                        note: "Node node-1 status is now: NodeReady"
                        type: Normal
                        """,
                        "60s",
                        "Normal",
                        "NodeReady",
                        "node/node-1",
                        "",
                        "kubelet, node-1",
                        "Node node-1 status is now: NodeReady",
                        "60m",
                        3,
                        "node-1.17d1"),
                Tables.Case.of(
                        "bound persistent volume",
                        "v1",
                        "PersistentVolume",
                        """
                        metadata:
                          name: pv-1
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          capacity:
                            storage: 10240Mi
                          accessModes: [ReadWriteMany, ReadWriteOnce, ReadWriteOnce]
                          persistentVolumeReclaimPolicy: Retain
                          storageClassName: standard
                          volumeMode: Filesystem
                          claimRef:
                            namespace: default
                            name: data
                        status:
                          phase: Bound
                        """,
                        "pv-1",
                        "10Gi",
                        "RWO,RWX",
                        "Retain",
                        "Bound",
                        "default/data",
                        "standard",
                        "<unset>",
                        "",
                        "60m",
                        "Filesystem"),
                Tables.Case.of(
                        "released volume being deleted, classed by the legacy annotation",
                        "v1",
                        "PersistentVolume",
                        """
                        metadata:
                          name: pv-2
                          creationTimestamp: "2025-06-01T11:00:00Z"
                          deletionTimestamp: "2025-06-01T11:59:00Z"
                          annotations:
                            volume.beta.kubernetes.io/storage-class: slow
                        spec:
                          accessModes: [ReadOnlyMany]
                          persistentVolumeReclaimPolicy: Delete
                          storageClassName: standard
                          volumeAttributesClassName: gold
                        status:
                          phase: Released
                          reason: Reclaiming
                        """,
                        "pv-2",
                        "0",
                        "ROX",
                        "Delete",
                        "Terminating",
                        "",
                        "slow",
                        "gold",
                        "Reclaiming",
                        "60m",
                        "<unset>"),
                Tables.Case.of(
                        "bound claim shows the capacity and access modes of its volume",
                        "v1",
                        "PersistentVolumeClaim",
                        """
                        metadata:
                          name: data
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          accessModes: [ReadWriteOnce]
                          resources:
                            requests:
                              storage: 5Gi
                          storageClassName: standard
                          volumeName: pv-1
                          volumeMode: Filesystem
                        status:
                          phase: Bound
                          accessModes: [ReadWriteOnce, ReadWriteMany]
                          capacity:
                            storage: 10Gi
                        """,
                        "data",
                        "Bound",
                        "pv-1",
                        "10Gi",
                        "RWO,RWX",
                        "standard",
                        "<unset>",
                        "60m",
                        "Filesystem"),
                Tables.Case.of(
                        "pending claim shows no capacity yet",
                        "v1",
                        "PersistentVolumeClaim",
                        """
                        metadata:
                          name: scratch
                          creationTimestamp: "2025-06-01T11:59:30Z"
                        spec:
                          accessModes: [ReadWriteOnce]
                          resources:
                            requests:
                              storage: 1Gi
                        status:
                          phase: Pending
                        """,
                        "scratch",
                        "Pending",
                        "",
                        "",
                        "",
                        "",
                        "<unset>",
                        "30s",
                        "<unset>"),
                Tables.Case.of(
                        "default storage class",
                        "storage.k8s.io/v1",
                        "StorageClass",
                        """
                        metadata:
                          name: local-path
                          creationTimestamp: "2025-05-01T12:00:00Z"
                          annotations:
                            storageclass.kubernetes.io/is-default-class: "true"
                        provisioner: rancher.io/local-path
                        reclaimPolicy: Delete
                        volumeBindingMode: WaitForFirstConsumer
                        """,
                        "local-path (default)",
                        "rancher.io/local-path",
                        "Delete",
                        "WaitForFirstConsumer",
                        false,
                        "31d"),
                Tables.Case.of(
                        "storage class relying on defaults that allows expansion",
                        "storage.k8s.io/v1",
                        "StorageClass",
                        """
                        metadata:
                          name: fast
                          creationTimestamp: "2025-06-01T11:00:00Z"
                          annotations:
                            storageclass.kubernetes.io/is-default-class: "false"
                        provisioner: ebs.csi.aws.com
                        allowVolumeExpansion: true
                        """,
                        "fast",
                        "ebs.csi.aws.com",
                        "Delete",
                        "Immediate",
                        true,
                        "60m"),
                Tables.Case.of(
                        "ingress with TLS and more hosts than shown",
                        "networking.k8s.io/v1",
                        "Ingress",
                        """
                        metadata:
                          name: shop
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          ingressClassName: nginx
                          tls:
                          - hosts: [a.example.com]
                            secretName: shop-tls
                          rules:
                          - host: a.example.com
                          - host: b.example.com
                          - http:
                              paths:
                              - path: /
                                pathType: Prefix
                                backend:
                                  service:
                                    name: shop
                                    port:
                                      number: 80
                          - host: c.example.com
                          - host: d.example.com
                        status:
                          loadBalancer:
                            ingress:
                            - ip: 192.0.2.10
                        """,
                        "shop",
                        "nginx",
                        "a.example.com,b.example.com,c.example.com + 2 more...",
                        "192.0.2.10",
                        "80, 443",
                        "60m"),
                Tables.Case.of(
                        "ingress without class, hosts or address",
                        "networking.k8s.io/v1",
                        "Ingress",
                        """
                        metadata:
                          name: catch-all
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          defaultBackend:
                            service:
                              name: web
                              port:
                                number: 80
                        """,
                        "catch-all",
                        "<none>",
                        "*",
                        "",
                        "80",
                        "60m"),
                Tables.Case.of(
                        "ingress class with parameters",
                        "networking.k8s.io/v1",
                        "IngressClass",
                        """
                        metadata:
                          name: external-lb
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          controller: example.com/ingress-controller
                          parameters:
                            apiGroup: k8s.example.com
                            kind: IngressParameters
                            name: external-lb
                        """,
                        "external-lb",
                        "example.com/ingress-controller",
                        "IngressParameters.k8s.example.com/external-lb",
                        "60m"),
                Tables.Case.of(
                        "ingress class without parameters",
                        "networking.k8s.io/v1",
                        "IngressClass",
                        """
                        metadata:
                          name: nginx
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          controller: k8s.io/ingress-nginx
                        """,
                        "nginx",
                        "k8s.io/ingress-nginx",
                        "<none>",
                        "60m"),
                Tables.Case.of(
                        "endpoint slice lists three entries then counts the rest",
                        "discovery.k8s.io/v1",
                        "EndpointSlice",
                        """
                        metadata:
                          name: web-abc12
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        addressType: IPv4
                        ports:
                        - name: http
                          port: 8080
                          protocol: TCP
                        - name: all
                        - {}
                        endpoints:
                        - addresses: [10.244.1.5]
                        - addresses: [10.244.1.6, 10.244.1.7]
                        - addresses: [10.244.2.8]
                        - addresses: [10.244.2.9]
                        """,
                        "web-abc12",
                        "IPv4",
                        "8080,all,*",
                        "10.244.1.5,10.244.1.6,10.244.1.7 + 2 more...",
                        "60m"),
                Tables.Case.of(
                        "empty endpoint slice",
                        "discovery.k8s.io/v1",
                        "EndpointSlice",
                        """
                        metadata:
                          name: idle-xyz
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        addressType: IPv6
                        """,
                        "idle-xyz",
                        "IPv6",
                        "<unset>",
                        "<unset>",
                        "60m"),
                Tables.Case.of(
                        "disruption budget with a minimum and no maximum",
                        "policy/v1",
                        "PodDisruptionBudget",
                        """
                        metadata:
                          name: web
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          minAvailable: 2
                        status:
                          disruptionsAllowed: 1
                        """,
                        "web",
                        "2",
                        "N/A",
                        1,
                        "60m"),
                Tables.Case.of(
                        "disruption budget with a percentage",
                        "policy/v1",
                        "PodDisruptionBudget",
                        """
                        metadata:
                          name: db
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          maxUnavailable: 25%
                        """,
                        "db",
                        "N/A",
                        "25%",
                        0,
                        "60m"),
                Tables.Case.of(
                        "role binding splits its subjects by kind",
                        "rbac.authorization.k8s.io/v1",
                        "RoleBinding",
                        """
                        metadata:
                          name: read-pods
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        roleRef:
                          apiGroup: rbac.authorization.k8s.io
                          kind: ClusterRole
                          name: view
                        subjects:
                        - kind: User
                          name: jane
                        - kind: Group
                          name: devs
                        - kind: ServiceAccount
                          name: deployer
                          namespace: ci
                        - kind: User
                          name: joe
                        """,
                        "read-pods",
                        "ClusterRole/view",
                        "60m",
                        "jane, joe",
                        "devs",
                        "ci/deployer"),
                Tables.Case.of(
                        "cluster role binding to a group",
                        "rbac.authorization.k8s.io/v1",
                        "ClusterRoleBinding",
                        """
                        metadata:
                          name: cluster-admin
                          creationTimestamp: "2025-05-01T12:00:00Z"
                        roleRef:
                          apiGroup: rbac.authorization.k8s.io
                          kind: ClusterRole
                          name: cluster-admin
                        subjects:
                        - kind: Group
                          name: system:masters
                        """,
                        "cluster-admin",
                        "ClusterRole/cluster-admin",
                        "31d",
                        "",
                        "system:masters",
                        ""),
                Tables.Case.of(
                        "roles have no printer and show when they were created",
                        "rbac.authorization.k8s.io/v1",
                        "Role",
                        """
                        metadata:
                          name: pod-reader
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        rules:
                        - apiGroups: [""]
                          resources: [pods]
                          verbs: [get, list]
                        """,
                        "pod-reader",
                        "2025-06-01T11:00:00Z"),
                Tables.Case.of(
                        "cluster role without a creation timestamp shows Go's zero time",
                        "rbac.authorization.k8s.io/v1",
                        "ClusterRole",
                        """
                        metadata:
                          name: aggregated
                        """,
                        "aggregated",
                        "0001-01-01T00:00:00Z"),
                Tables.Case.of(
                        "priority class",
                        "scheduling.k8s.io/v1",
                        "PriorityClass",
                        """
                        metadata:
                          name: system-cluster-critical
                          creationTimestamp: "2025-05-01T12:00:00Z"
                        value: 2000000000
                        globalDefault: false
                        preemptionPolicy: PreemptLowerPriority
                        """,
                        "system-cluster-critical",
                        2000000000,
                        false,
                        "31d",
                        "PreemptLowerPriority"),
                Tables.Case.of(
                        "lease held by a leader",
                        "coordination.k8s.io/v1",
                        "Lease",
                        """
                        metadata:
                          name: kube-scheduler
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          holderIdentity: cp-1_6f1c2d
                          leaseDurationSeconds: 15
                        """,
                        "kube-scheduler",
                        "cp-1_6f1c2d",
                        "60m"),
                Tables.Case.of("lease nobody holds", "coordination.k8s.io/v1", "Lease", """
                        metadata:
                          name: free
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec: {}
                        """, "free", "", "60m"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void printsKubernetesColumns(String name, Tables.Case object) {
        object.assertPrints();
    }
}
