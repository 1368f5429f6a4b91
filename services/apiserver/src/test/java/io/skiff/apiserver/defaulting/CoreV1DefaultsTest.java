package io.skiff.apiserver.defaulting;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CoreV1DefaultsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                DefaultingCase.of(
                        "pod with one untagged container gets pod, container and status defaults",
                        "v1",
                        "Pod",
                        """
                        apiVersion: v1
                        kind: Pod
                        metadata:
                          name: web
                        spec:
                          containers:
                          - name: web
                            image: nginx
                        """,
                        """
                        apiVersion: v1
                        kind: Pod
                        metadata:
                          name: web
                        spec:
                          containers:
                          - name: web
                            image: nginx
                            imagePullPolicy: Always
                            resources: {}
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                          dnsPolicy: ClusterFirst
                          enableServiceLinks: true
                          restartPolicy: Always
                          schedulerName: default-scheduler
                          securityContext: {}
                          terminationGracePeriodSeconds: 30
                        status: {}
                        """),
                DefaultingCase.of(
                        "pod requests default to limits and quantities are spelled canonically", "v1", "Pod", """
                        spec:
                          restartPolicy: Never
                          containers:
                          - name: app
                            image: registry.example.com:5000/team/app:1.2
                            resources:
                              limits:
                                cpu: 0.5
                                memory: 1024Mi
                              requests:
                                cpu: 100m
                          initContainers:
                          - name: init
                            image: busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                            resources:
                              limits:
                                cpu: 1
                        """, """
                        spec:
                          restartPolicy: Never
                          containers:
                          - name: app
                            image: registry.example.com:5000/team/app:1.2
                            imagePullPolicy: IfNotPresent
                            resources:
                              limits:
                                cpu: 500m
                                memory: 1Gi
                              requests:
                                cpu: 100m
                                memory: 1Gi
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                          initContainers:
                          - name: init
                            image: busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                            imagePullPolicy: IfNotPresent
                            resources:
                              limits:
                                cpu: "1"
                              requests:
                                cpu: "1"
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                          dnsPolicy: ClusterFirst
                          enableServiceLinks: true
                          schedulerName: default-scheduler
                          securityContext: {}
                          terminationGracePeriodSeconds: 30
                        status: {}
                        """),
                DefaultingCase.of(
                        "host network pod publishes container ports on the host, keeping explicit values",
                        "v1",
                        "Pod",
                        """
                        spec:
                          hostNetwork: true
                          dnsPolicy: ClusterFirstWithHostNet
                          enableServiceLinks: false
                          terminationGracePeriodSeconds: 0
                          containers:
                          - name: dns
                            image: coredns:latest
                            imagePullPolicy: Never
                            ports:
                            - containerPort: 53
                              protocol: UDP
                            - containerPort: 9153
                        status:
                          phase: Running
                        """,
                        """
                        spec:
                          hostNetwork: true
                          dnsPolicy: ClusterFirstWithHostNet
                          enableServiceLinks: false
                          terminationGracePeriodSeconds: 0
                          containers:
                          - name: dns
                            image: coredns:latest
                            imagePullPolicy: Never
                            ports:
                            - containerPort: 53
                              hostPort: 53
                              protocol: UDP
                            - containerPort: 9153
                              hostPort: 9153
                              protocol: TCP
                            resources: {}
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                          restartPolicy: Always
                          schedulerName: default-scheduler
                          securityContext: {}
                        status:
                          phase: Running
                        """),
                DefaultingCase.of(
                        "probes, lifecycle hooks and downward API env vars get their defaults",
                        "v1",
                        "PodTemplate",
                        """
                        template:
                          spec:
                            containers:
                            - name: api
                              image: api:latest
                              env:
                              - name: POD_NAME
                                valueFrom:
                                  fieldRef:
                                    fieldPath: metadata.name
                              - name: PLAIN
                                value: x
                              livenessProbe:
                                httpGet:
                                  port: 8080
                              readinessProbe:
                                grpc:
                                  port: 9090
                              startupProbe:
                                exec:
                                  command: [true]
                                periodSeconds: 5
                                failureThreshold: 30
                              lifecycle:
                                preStop:
                                  httpGet:
                                    port: 8080
                                    path: /quit
                        """,
                        """
                        template:
                          metadata:
                            creationTimestamp: null
                          spec:
                            containers:
                            - name: api
                              image: api:latest
                              imagePullPolicy: Always
                              env:
                              - name: POD_NAME
                                valueFrom:
                                  fieldRef:
                                    apiVersion: v1
                                    fieldPath: metadata.name
                              - name: PLAIN
                                value: x
                              livenessProbe:
                                httpGet:
                                  path: /
                                  port: 8080
                                  scheme: HTTP
                                timeoutSeconds: 1
                                periodSeconds: 10
                                successThreshold: 1
                                failureThreshold: 3
                              readinessProbe:
                                grpc:
                                  port: 9090
                                  service: ""
                                timeoutSeconds: 1
                                periodSeconds: 10
                                successThreshold: 1
                                failureThreshold: 3
                              startupProbe:
                                exec:
                                  command: [true]
                                periodSeconds: 5
                                failureThreshold: 30
                                timeoutSeconds: 1
                                successThreshold: 1
                              lifecycle:
                                preStop:
                                  httpGet:
                                    port: 8080
                                    path: /quit
                                    scheme: HTTP
                              resources: {}
                              terminationMessagePath: /dev/termination-log
                              terminationMessagePolicy: File
                            dnsPolicy: ClusterFirst
                            restartPolicy: Always
                            schedulerName: default-scheduler
                            securityContext: {}
                            terminationGracePeriodSeconds: 30
                        """),
                DefaultingCase.of(
                        "volumes get source defaults and a volume without a source becomes an emptyDir",
                        "v1",
                        "PodTemplate",
                        """
                        template:
                          metadata:
                            labels:
                              app: files
                          spec:
                            containers:
                            - name: c
                              image: busybox:1.36
                            volumes:
                            - name: scratch
                            - name: config
                              configMap:
                                name: cfg
                            - name: creds
                              secret:
                                secretName: creds
                                defaultMode: 256
                            - name: logs
                              hostPath:
                                path: /var/log
                            - name: info
                              downwardAPI:
                                items:
                                - path: labels
                                  fieldRef:
                                    fieldPath: metadata.labels
                            - name: token
                              projected:
                                sources:
                                - serviceAccountToken:
                                    path: token
                                - configMap:
                                    name: ca
                            - name: cache
                              emptyDir:
                                sizeLimit: 1024Mi
                            - name: data
                              ephemeral:
                                volumeClaimTemplate:
                                  spec:
                                    accessModes: [ReadWriteOnce]
                                    resources:
                                      requests:
                                        storage: 0.5Gi
                        """,
                        """
                        template:
                          metadata:
                            creationTimestamp: null
                            labels:
                              app: files
                          spec:
                            containers:
                            - name: c
                              image: busybox:1.36
                              imagePullPolicy: IfNotPresent
                              resources: {}
                              terminationMessagePath: /dev/termination-log
                              terminationMessagePolicy: File
                            volumes:
                            - name: scratch
                              emptyDir: {}
                            - name: config
                              configMap:
                                name: cfg
                                defaultMode: 420
                            - name: creds
                              secret:
                                secretName: creds
                                defaultMode: 256
                            - name: logs
                              hostPath:
                                path: /var/log
                                type: ""
                            - name: info
                              downwardAPI:
                                defaultMode: 420
                                items:
                                - path: labels
                                  fieldRef:
                                    apiVersion: v1
                                    fieldPath: metadata.labels
                            - name: token
                              projected:
                                defaultMode: 420
                                sources:
                                - serviceAccountToken:
                                    path: token
                                    expirationSeconds: 3600
                                - configMap:
                                    name: ca
                            - name: cache
                              emptyDir:
                                sizeLimit: 1Gi
                            - name: data
                              ephemeral:
                                volumeClaimTemplate:
                                  metadata:
                                    creationTimestamp: null
                                  spec:
                                    accessModes: [ReadWriteOnce]
                                    resources:
                                      requests:
                                        storage: 512Mi
                                    volumeMode: Filesystem
                            dnsPolicy: ClusterFirst
                            restartPolicy: Always
                            schedulerName: default-scheduler
                            securityContext: {}
                            terminationGracePeriodSeconds: 30
                        """),
                DefaultingCase.of("fields Skiff does not know are kept untouched", "v1", "Pod", """
                        spec:
                          futureField:
                            nested: [1, 2]
                          containers:
                          - name: c
                            image: busybox:1.36
                            futureContainerField: true
                            resources:
                              futureResourcesField: x
                        status:
                          futureStatusField: 7
                        """, """
                        spec:
                          futureField:
                            nested: [1, 2]
                          containers:
                          - name: c
                            image: busybox:1.36
                            futureContainerField: true
                            imagePullPolicy: IfNotPresent
                            resources:
                              futureResourcesField: x
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                          dnsPolicy: ClusterFirst
                          enableServiceLinks: true
                          restartPolicy: Always
                          schedulerName: default-scheduler
                          securityContext: {}
                          terminationGracePeriodSeconds: 30
                        status:
                          futureStatusField: 7
                        """),
                DefaultingCase.of(
                        "replication controller takes selector and labels from its template",
                        "v1",
                        "ReplicationController",
                        """
                        metadata:
                          name: rc
                        spec:
                          template:
                            metadata:
                              labels:
                                app: web
                            spec:
                              containers:
                              - name: web
                                image: nginx:1.25
                        """,
                        """
                        metadata:
                          name: rc
                          labels:
                            app: web
                        spec:
                          replicas: 1
                          selector:
                            app: web
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
                        status:
                          replicas: 0
                        """),
                DefaultingCase.of(
                        "cluster IP service gets affinity, type, traffic policy and target port defaults",
                        "v1",
                        "Service",
                        """
                        spec:
                          selector:
                            app: web
                          ports:
                          - port: 80
                          - name: metrics
                            port: 9100
                            targetPort: 0
                            protocol: UDP
                        """,
                        """
                        spec:
                          selector:
                            app: web
                          ports:
                          - port: 80
                            protocol: TCP
                            targetPort: 80
                          - name: metrics
                            port: 9100
                            targetPort: 9100
                            protocol: UDP
                          sessionAffinity: None
                          type: ClusterIP
                          internalTrafficPolicy: Cluster
                        status:
                          loadBalancer: {}
                        """),
                DefaultingCase.of(
                        "node port service with a named target port gets an external traffic policy",
                        "v1",
                        "Service",
                        """
                        spec:
                          type: NodePort
                          ports:
                          - name: http
                            port: 80
                            targetPort: http
                        """,
                        """
                        spec:
                          type: NodePort
                          ports:
                          - name: http
                            port: 80
                            targetPort: http
                            protocol: TCP
                          sessionAffinity: None
                          externalTrafficPolicy: Cluster
                          internalTrafficPolicy: Cluster
                        status:
                          loadBalancer: {}
                        """),
                DefaultingCase.of(
                        "load balancer service allocates node ports and marks ingress IPs as VIPs",
                        "v1",
                        "Service",
                        """
                        spec:
                          type: LoadBalancer
                          ports:
                          - port: 443
                        status:
                          loadBalancer:
                            ingress:
                            - ip: 192.0.2.10
                            - hostname: lb.example.com
                        """,
                        """
                        spec:
                          type: LoadBalancer
                          ports:
                          - port: 443
                            protocol: TCP
                            targetPort: 443
                          sessionAffinity: None
                          externalTrafficPolicy: Cluster
                          internalTrafficPolicy: Cluster
                          allocateLoadBalancerNodePorts: true
                        status:
                          loadBalancer:
                            ingress:
                            - ip: 192.0.2.10
                              ipMode: VIP
                            - hostname: lb.example.com
                        """),
                DefaultingCase.of("external name service gets no traffic policies", "v1", "Service", """
                        spec:
                          type: ExternalName
                          externalName: db.example.com
                        """, """
                        spec:
                          type: ExternalName
                          externalName: db.example.com
                          sessionAffinity: None
                        status:
                          loadBalancer: {}
                        """),
                DefaultingCase.of(
                        "client IP affinity gets a three hour timeout and external IPs make a service external",
                        "v1",
                        "Service",
                        """
                        spec:
                          sessionAffinity: ClientIP
                          externalIPs: [198.51.100.7]
                          ports:
                          - port: 80
                        """,
                        """
                        spec:
                          sessionAffinity: ClientIP
                          sessionAffinityConfig:
                            clientIP:
                              timeoutSeconds: 10800
                          externalIPs: [198.51.100.7]
                          ports:
                          - port: 80
                            protocol: TCP
                            targetPort: 80
                          type: ClusterIP
                          externalTrafficPolicy: Cluster
                          internalTrafficPolicy: Cluster
                        status:
                          loadBalancer: {}
                        """),
                DefaultingCase.of("no session affinity drops a leftover affinity config", "v1", "Service", """
                        spec:
                          type: ClusterIP
                          internalTrafficPolicy: Local
                          sessionAffinityConfig:
                            clientIP:
                              timeoutSeconds: 60
                        """, """
                        spec:
                          type: ClusterIP
                          internalTrafficPolicy: Local
                          sessionAffinity: None
                        status:
                          loadBalancer: {}
                        """),
                DefaultingCase.of("namespace is labelled with its name and is active", "v1", "Namespace", """
                        metadata:
                          name: team-a
                          labels:
                            kubernetes.io/metadata.name: forged
                            owner: alice
                        """, """
                        metadata:
                          name: team-a
                          labels:
                            kubernetes.io/metadata.name: team-a
                            owner: alice
                        spec: {}
                        status:
                          phase: Active
                        """),
                DefaultingCase.of("secret without a type is opaque", "v1", "Secret", """
                        data:
                          key: dmFsdWU=
                        """, """
                        data:
                          key: dmFsdWU=
                        type: Opaque
                        """),
                DefaultingCase.of("secret stringData is merged into data and wins", "v1", "Secret", """
                        data:
                          key: b2xk
                          kept: dmFsdWU=
                        stringData:
                          key: new
                        """, """
                        data:
                          key: bmV3
                          kept: dmFsdWU=
                        type: Opaque
                        """),
                DefaultingCase.of(
                        "persistent volume is retained, a filesystem, and pending", "v1", "PersistentVolume", """
                        spec:
                          capacity:
                            storage: 10240Mi
                          accessModes: [ReadWriteOnce]
                          hostPath:
                            path: /data
                        """, """
                        spec:
                          capacity:
                            storage: 10Gi
                          accessModes: [ReadWriteOnce]
                          hostPath:
                            path: /data
                            type: ""
                          persistentVolumeReclaimPolicy: Retain
                          volumeMode: Filesystem
                        status:
                          phase: Pending
                        """),
                DefaultingCase.of(
                        "in-tree volume plugins get their declared defaults", "v1", "PersistentVolume", """
                        spec:
                          persistentVolumeReclaimPolicy: Delete
                          volumeMode: Block
                          rbd:
                            monitors: [10.0.0.1:6789]
                            image: disk
                          iscsi:
                            targetPortal: 10.0.0.2:3260
                            iqn: iqn.2001-04.com.example:storage
                            lun: 0
                          azureDisk:
                            diskName: d
                            diskURI: uri
                          scaleIO:
                            gateway: https://gw
                            system: sys
                            secretRef:
                              name: s
                        status:
                          phase: Bound
                        """, """
                        spec:
                          persistentVolumeReclaimPolicy: Delete
                          volumeMode: Block
                          rbd:
                            monitors: [10.0.0.1:6789]
                            image: disk
                            pool: rbd
                            user: admin
                            keyring: /etc/ceph/keyring
                          iscsi:
                            targetPortal: 10.0.0.2:3260
                            iqn: iqn.2001-04.com.example:storage
                            lun: 0
                            iscsiInterface: default
                          azureDisk:
                            diskName: d
                            diskURI: uri
                            cachingMode: ReadWrite
                            fsType: ext4
                            readOnly: false
                            kind: Shared
                          scaleIO:
                            gateway: https://gw
                            system: sys
                            secretRef:
                              name: s
                            storageMode: ThinProvisioned
                            fsType: xfs
                        status:
                          phase: Bound
                        """),
                DefaultingCase.of(
                        "persistent volume claim is a pending filesystem claim",
                        "v1",
                        "PersistentVolumeClaim",
                        """
                        spec:
                          accessModes: [ReadWriteOnce]
                          resources:
                            requests:
                              storage: 1Gi
                        """,
                        """
                        spec:
                          accessModes: [ReadWriteOnce]
                          resources:
                            requests:
                              storage: 1Gi
                          volumeMode: Filesystem
                        status:
                          phase: Pending
                        """),
                DefaultingCase.of("endpoints ports default to TCP", "v1", "Endpoints", """
                        subsets:
                        - addresses:
                          - ip: 10.1.0.5
                          ports:
                          - port: 8080
                          - port: 53
                            protocol: UDP
                        """, """
                        subsets:
                        - addresses:
                          - ip: 10.1.0.5
                          ports:
                          - port: 8080
                            protocol: TCP
                          - port: 53
                            protocol: UDP
                        """),
                DefaultingCase.of(
                        "container limit ranges default limits to max and requests to limits or min",
                        "v1",
                        "LimitRange",
                        """
                        spec:
                          limits:
                          - type: Container
                            max:
                              cpu: 2000m
                            min:
                              memory: 64Mi
                              cpu: 10m
                            default:
                              memory: 512Mi
                          - type: Pod
                            max:
                              cpu: 4
                        """,
                        """
                        spec:
                          limits:
                          - type: Container
                            max:
                              cpu: "2"
                            min:
                              memory: 64Mi
                              cpu: 10m
                            default:
                              memory: 512Mi
                              cpu: "2"
                            defaultRequest:
                              memory: 512Mi
                              cpu: "2"
                          - type: Pod
                            max:
                              cpu: "4"
                        """),
                DefaultingCase.of(
                        "resource quota quantities are spelled canonically and status is written",
                        "v1",
                        "ResourceQuota",
                        """
                        spec:
                          hard:
                            cpu: 1000m
                            memory: 2048Mi
                            pods: 10
                            requests.cpu: 1u
                        """,
                        """
                        spec:
                          hard:
                            cpu: "1"
                            memory: 2Gi
                            pods: "10"
                            requests.cpu: 1m
                        status: {}
                        """),
                DefaultingCase.of("node allocatable defaults to capacity", "v1", "Node", """
                        status:
                          capacity:
                            cpu: 4
                            memory: 8388608Ki
                        """, """
                        status:
                          capacity:
                            cpu: "4"
                            memory: 8Gi
                          allocatable:
                            cpu: "4"
                            memory: 8Gi
                        """),
                DefaultingCase.of("kinds without defaults are left as they are", "v1", "ConfigMap", """
                        data:
                          a: b
                        """, """
                        data:
                          a: b
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
