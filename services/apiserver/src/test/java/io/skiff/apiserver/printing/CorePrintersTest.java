package io.skiff.apiserver.printing;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows of core (v1) kinds other than pods, printed at 2025-06-01T12:00:00Z, wide cells included. */
class CorePrintersTest {

    static Stream<Arguments> objects() {
        return Stream.of(
                Tables.Case.of(
                        "ready control-plane node with two roles",
                        "v1",
                        "Node",
                        """
                        metadata:
                          name: cp-1
                          creationTimestamp: "2025-05-20T12:00:00Z"
                          labels:
                            kubernetes.io/hostname: cp-1
                            node-role.kubernetes.io/master: ""
                            node-role.kubernetes.io/control-plane: ""
                        status:
                          conditions:
                          - type: MemoryPressure
                            status: "False"
                          - type: Ready
                            status: "True"
                          addresses:
                          - type: InternalIP
                            address: 192.168.1.10
                          - type: Hostname
                            address: cp-1
                          nodeInfo:
                            kubeletVersion: v1.32.0
                            osImage: Debian GNU/Linux 12 (bookworm)
                            kernelVersion: 6.1.0-18-amd64
                            containerRuntimeVersion: containerd://1.7.13
                        """,
                        "cp-1",
                        "Ready",
                        "control-plane,master",
                        "12d",
                        "v1.32.0",
                        "192.168.1.10",
                        "<none>",
                        "Debian GNU/Linux 12 (bookworm)",
                        "6.1.0-18-amd64",
                        "containerd://1.7.13"),
                Tables.Case.of(
                        "cordoned node that stopped being ready, with a legacy role label",
                        "v1",
                        "Node",
                        """
                        metadata:
                          name: worker-2
                          creationTimestamp: "2025-06-01T04:00:00Z"
                          labels:
                            kubernetes.io/role: worker
                        spec:
                          unschedulable: true
                        status:
                          conditions:
                          - type: Ready
                            status: Unknown
                          addresses:
                          - type: ExternalIP
                            address: 203.0.113.20
                          - type: InternalIP
                            address: 10.0.0.20
                          nodeInfo:
                            kubeletVersion: v1.31.4
                        """,
                        "worker-2",
                        "NotReady,SchedulingDisabled",
                        "worker",
                        "8h",
                        "v1.31.4",
                        "10.0.0.20",
                        "203.0.113.20",
                        "<unknown>",
                        "<unknown>",
                        "<unknown>"),
                Tables.Case.of(
                        "node that never reported a Ready condition",
                        "v1",
                        "Node",
                        """
                        metadata:
                          name: fresh
                          creationTimestamp: "2025-06-01T11:59:58Z"
                        """,
                        "fresh",
                        "Unknown",
                        "<none>",
                        "2s",
                        "",
                        "<none>",
                        "<none>",
                        "<unknown>",
                        "<unknown>",
                        "<unknown>"),
                Tables.Case.of("active namespace", "v1", "Namespace", """
                        metadata:
                          name: team-a
                          creationTimestamp: "2025-05-01T12:00:00Z"
                        status:
                          phase: Active
                        """, "team-a", "Active", "31d"),
                Tables.Case.of(
                        "NodePort service lists node ports and its selector",
                        "v1",
                        "Service",
                        """
                        metadata:
                          name: web
                          creationTimestamp: "2025-06-01T09:00:00Z"
                        spec:
                          type: NodePort
                          clusterIP: 10.96.45.12
                          clusterIPs:
                          - 10.96.45.12
                          selector:
                            tier: frontend
                            app: web
                          ports:
                          - port: 80
                            targetPort: 8080
                            nodePort: 30080
                            protocol: TCP
                          - name: dns
                            port: 53
                            nodePort: 30053
                            protocol: UDP
                        """,
                        "web",
                        "NodePort",
                        "10.96.45.12",
                        "<none>",
                        "80:30080/TCP,53:30053/UDP",
                        "3h",
                        "app=web,tier=frontend"),
                Tables.Case.of(
                        "headless ClusterIP service with external IPs",
                        "v1",
                        "Service",
                        """
                        metadata:
                          name: db
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          type: ClusterIP
                          clusterIP: None
                          externalIPs:
                          - 198.51.100.1
                          - 198.51.100.2
                          ports:
                          - port: 5432
                            protocol: TCP
                        """,
                        "db",
                        "ClusterIP",
                        "None",
                        "198.51.100.1,198.51.100.2",
                        "5432/TCP",
                        "60m",
                        "<none>"),
                Tables.Case.of(
                        "load balancer still waiting for an address",
                        "v1",
                        "Service",
                        """
                        metadata:
                          name: edge
                          creationTimestamp: "2025-06-01T11:59:00Z"
                        spec:
                          type: LoadBalancer
                          clusterIPs:
                          - 10.96.0.50
                          ports:
                          - port: 443
                            nodePort: 31443
                            protocol: TCP
                          selector:
                            app: edge
                        """,
                        "edge",
                        "LoadBalancer",
                        "10.96.0.50",
                        "<pending>",
                        "443:31443/TCP",
                        "60s",
                        "app=edge"),
                Tables.Case.of(
                        "load balancer addresses sorted and unshortened, then external IPs",
                        "v1",
                        "Service",
                        """
                        metadata:
                          name: edge
                          creationTimestamp: "2025-06-01T11:59:00Z"
                        spec:
                          type: LoadBalancer
                          clusterIPs:
                          - 10.96.0.50
                          externalIPs:
                          - 198.51.100.9
                          ports:
                          - port: 443
                            nodePort: 31443
                            protocol: TCP
                        status:
                          loadBalancer:
                            ingress:
                            - hostname: a1b2c3d4e5f6-1234567890.elb.example.com
                            - ip: 203.0.113.7
                        """,
                        "edge",
                        "LoadBalancer",
                        "10.96.0.50",
                        "203.0.113.7,a1b2c3d4e5f6-1234567890.elb.example.com,198.51.100.9",
                        "443:31443/TCP",
                        "60s",
                        "<none>"),
                Tables.Case.of(
                        "ExternalName service shows the name it aliases",
                        "v1",
                        "Service",
                        """
                        metadata:
                          name: payments
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          type: ExternalName
                          externalName: payments.example.com
                        """,
                        "payments",
                        "ExternalName",
                        "<none>",
                        "payments.example.com",
                        "<none>",
                        "60m",
                        "<none>"),
                Tables.Case.of(
                        "endpoints list host:port pairs, IPv6 in brackets",
                        "v1",
                        "Endpoints",
                        """
                        metadata:
                          name: web
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        subsets:
                        - addresses:
                          - ip: 10.244.1.5
                          - ip: fd00::5
                          ports:
                          - port: 8080
                        """,
                        "web",
                        "10.244.1.5:8080,[fd00::5]:8080",
                        "60m"),
                Tables.Case.of(
                        "endpoints past the third are counted",
                        "v1",
                        "Endpoints",
                        """
                        metadata:
                          name: web
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        subsets:
                        - addresses:
                          - ip: 10.244.1.5
                          - ip: 10.244.1.6
                          ports:
                          - name: http
                            port: 8080
                          - name: metrics
                            port: 9090
                        - addresses:
                          - ip: 10.244.2.7
                        """,
                        "web",
                        "10.244.1.5:8080,10.244.1.6:8080,10.244.1.5:9090 + 2 more...",
                        "60m"),
                Tables.Case.of("endpoints without subsets", "v1", "Endpoints", """
                        metadata:
                          name: empty
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        """, "empty", "<none>", "60m"),
                Tables.Case.of(
                        "config map counts data and binary data keys", "v1", "ConfigMap", """
                        metadata:
                          name: settings
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        data:
                          a.conf: x
                          b.conf: y
                        binaryData:
                          logo.png: iVBORw0K
                        """, "settings", 3, "60m"),
                Tables.Case.of("TLS secret", "v1", "Secret", """
                        metadata:
                          name: web-tls
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        type: kubernetes.io/tls
                        data:
                          tls.crt: Y2VydA==
                          tls.key: a2V5
                        """, "web-tls", "kubernetes.io/tls", 2, "60m"),
                Tables.Case.of(
                        "service account without token secrets", "v1", "ServiceAccount", """
                        metadata:
                          name: default
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        """, "default", 0, "60m"),
                Tables.Case.of(
                        "replication controller with a map selector",
                        "v1",
                        "ReplicationController",
                        """
                        metadata:
                          name: nginx
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        spec:
                          replicas: 3
                          selector:
                            app: nginx
                          template:
                            spec:
                              containers:
                              - name: nginx
                                image: nginx:1.27
                        status:
                          replicas: 3
                          readyReplicas: 2
                        """,
                        "nginx",
                        3,
                        3,
                        2,
                        "60m",
                        "nginx",
                        "nginx:1.27",
                        "app=nginx"),
                Tables.Case.of(
                        "resource quota splits requests from limits in resource name order",
                        "v1",
                        "ResourceQuota",
                        """
                        metadata:
                          name: compute
                          creationTimestamp: "2025-06-01T11:00:00Z"
                        status:
                          hard:
                            requests.memory: 1Gi
                            pods: "10"
                            limits.memory: 2048Mi
                            requests.cpu: "1"
                          used:
                            pods: "3"
                            requests.cpu: 500m
                            limits.memory: 512Mi
                        """,
                        "compute",
                        "pods: 3/10, requests.cpu: 500m/1, requests.memory: 0/1Gi",
                        "limits.memory: 512Mi/2Gi",
                        "60m"),
                Tables.Case.of(
                        "limit ranges have no printer and show when they were created",
                        "v1",
                        "LimitRange",
                        """
                        metadata:
                          name: defaults
                          creationTimestamp: "2025-06-01T11:00:00.123456Z"
                        """,
                        "defaults",
                        "2025-06-01T11:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void printsKubernetesColumns(String name, Tables.Case object) {
        object.assertPrints();
    }
}
