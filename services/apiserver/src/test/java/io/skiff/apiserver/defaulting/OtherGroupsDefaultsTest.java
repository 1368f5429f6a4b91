package io.skiff.apiserver.defaulting;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OtherGroupsDefaultsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                DefaultingCase.of(
                        "network policy with egress rules governs both directions, ports default to TCP",
                        "networking.k8s.io/v1",
                        "NetworkPolicy",
                        """
                        spec:
                          ingress:
                          - ports:
                            - port: 80
                          egress:
                          - ports:
                            - port: 53
                              protocol: UDP
                        """,
                        """
                        spec:
                          podSelector: {}
                          ingress:
                          - ports:
                            - port: 80
                              protocol: TCP
                          egress:
                          - ports:
                            - port: 53
                              protocol: UDP
                          policyTypes: [Ingress, Egress]
                        """),
                DefaultingCase.of(
                        "network policy with explicit policy types keeps them",
                        "networking.k8s.io/v1",
                        "NetworkPolicy",
                        """
                        spec:
                          podSelector:
                            matchLabels:
                              app: db
                          policyTypes: [Egress]
                        """,
                        """
                        spec:
                          podSelector:
                            matchLabels:
                              app: db
                          policyTypes: [Egress]
                        """),
                DefaultingCase.of(
                        "ingress writes its load balancer status and service backend ports",
                        "networking.k8s.io/v1",
                        "Ingress",
                        """
                        spec:
                          defaultBackend:
                            service:
                              name: fallback
                          rules:
                          - host: example.com
                            http:
                              paths:
                              - path: /
                                pathType: Prefix
                                backend:
                                  service:
                                    name: web
                                    port:
                                      number: 80
                        """,
                        """
                        spec:
                          defaultBackend:
                            service:
                              name: fallback
                              port: {}
                          rules:
                          - host: example.com
                            http:
                              paths:
                              - path: /
                                pathType: Prefix
                                backend:
                                  service:
                                    name: web
                                    port:
                                      number: 80
                        status:
                          loadBalancer: {}
                        """),
                DefaultingCase.of(
                        "ingress class parameters are cluster scoped by default",
                        "networking.k8s.io/v1",
                        "IngressClass",
                        """
                        spec:
                          controller: example.com/ingress
                          parameters:
                            kind: Params
                            name: p
                        """,
                        """
                        spec:
                          controller: example.com/ingress
                          parameters:
                            kind: Params
                            name: p
                            scope: Cluster
                        """),
                DefaultingCase.of(
                        "endpoint slice ports get an empty name and TCP, endpoints their conditions",
                        "discovery.k8s.io/v1",
                        "EndpointSlice",
                        """
                        addressType: IPv4
                        endpoints:
                        - addresses: [10.1.0.5]
                        - addresses: [10.1.0.6]
                          conditions:
                            ready: true
                        ports:
                        - port: 8080
                        """,
                        """
                        addressType: IPv4
                        endpoints:
                        - addresses: [10.1.0.5]
                          conditions: {}
                        - addresses: [10.1.0.6]
                          conditions:
                            ready: true
                        ports:
                        - port: 8080
                          name: ""
                          protocol: TCP
                        """),
                DefaultingCase.of(
                        "role binding refers to RBAC roles and users or groups in the RBAC group",
                        "rbac.authorization.k8s.io/v1",
                        "RoleBinding",
                        """
                        roleRef:
                          kind: Role
                          name: reader
                        subjects:
                        - kind: User
                          name: alice
                        - kind: Group
                          name: devs
                        - kind: ServiceAccount
                          name: bot
                          namespace: ci
                        """,
                        """
                        roleRef:
                          apiGroup: rbac.authorization.k8s.io
                          kind: Role
                          name: reader
                        subjects:
                        - kind: User
                          name: alice
                          apiGroup: rbac.authorization.k8s.io
                        - kind: Group
                          name: devs
                          apiGroup: rbac.authorization.k8s.io
                        - kind: ServiceAccount
                          name: bot
                          namespace: ci
                        """),
                DefaultingCase.of(
                        "cluster role binding gets the same reference defaults",
                        "rbac.authorization.k8s.io/v1",
                        "ClusterRoleBinding",
                        """
                        roleRef:
                          kind: ClusterRole
                          name: view
                        """,
                        """
                        roleRef:
                          apiGroup: rbac.authorization.k8s.io
                          kind: ClusterRole
                          name: view
                        """),
                DefaultingCase.of(
                        "storage class deletes volumes and binds them immediately",
                        "storage.k8s.io/v1",
                        "StorageClass",
                        """
                        provisioner: example.com/disk
                        """,
                        """
                        provisioner: example.com/disk
                        reclaimPolicy: Delete
                        volumeBindingMode: Immediate
                        """),
                DefaultingCase.of(
                        "CSI driver requires attachment and serves persistent volumes",
                        "storage.k8s.io/v1",
                        "CSIDriver",
                        """
                        spec:
                          attachRequired: false
                        """,
                        """
                        spec:
                          attachRequired: false
                          podInfoOnMount: false
                          storageCapacity: false
                          fsGroupPolicy: ReadWriteOnceWithFSType
                          volumeLifecycleModes: [Persistent]
                          requiresRepublish: false
                          seLinuxMount: false
                        """),
                DefaultingCase.of(
                        "priority class preempts lower priorities", "scheduling.k8s.io/v1", "PriorityClass", """
                        value: 1000
                        """, """
                        value: 1000
                        preemptionPolicy: PreemptLowerPriority
                        """),
                DefaultingCase.of(
                        "v2 autoscaler without metrics targets 80% CPU and reports its status shape",
                        "autoscaling/v2", "HorizontalPodAutoscaler", """
                        spec:
                          maxReplicas: 5
                          scaleTargetRef:
                            apiVersion: apps/v1
                            kind: Deployment
                            name: web
                        """, """
                        spec:
                          maxReplicas: 5
                          minReplicas: 1
                          scaleTargetRef:
                            apiVersion: apps/v1
                            kind: Deployment
                            name: web
                          metrics:
                          - type: Resource
                            resource:
                              name: cpu
                              target:
                                type: Utilization
                                averageUtilization: 80
                        status:
                          currentMetrics: null
                          desiredReplicas: 0
                        """),
                DefaultingCase.of(
                        "v2 autoscaler behavior is completed from the built-in scaling rules",
                        "autoscaling/v2",
                        "HorizontalPodAutoscaler",
                        """
                        spec:
                          minReplicas: 2
                          maxReplicas: 5
                          metrics:
                          - type: Pods
                            pods:
                              metric:
                                name: qps
                              target:
                                type: AverageValue
                                averageValue: 1000m
                          behavior:
                            scaleDown:
                              stabilizationWindowSeconds: 60
                        """,
                        """
                        spec:
                          minReplicas: 2
                          maxReplicas: 5
                          metrics:
                          - type: Pods
                            pods:
                              metric:
                                name: qps
                              target:
                                type: AverageValue
                                averageValue: "1"
                          behavior:
                            scaleDown:
                              stabilizationWindowSeconds: 60
                              selectPolicy: Max
                              policies:
                              - type: Percent
                                value: 100
                                periodSeconds: 15
                            scaleUp:
                              stabilizationWindowSeconds: 0
                              selectPolicy: Max
                              policies:
                              - type: Pods
                                value: 4
                                periodSeconds: 15
                              - type: Percent
                                value: 100
                                periodSeconds: 15
                        status:
                          currentMetrics: null
                          desiredReplicas: 0
                        """),
                DefaultingCase.of(
                        "v1 autoscaler reads back with one minimum replica and the 80% CPU target",
                        "autoscaling/v1", "HorizontalPodAutoscaler", """
                        spec:
                          maxReplicas: 3
                        """, """
                        spec:
                          maxReplicas: 3
                          minReplicas: 1
                          targetCPUUtilizationPercentage: 80
                        status:
                          currentReplicas: 0
                          desiredReplicas: 0
                        """),
                DefaultingCase.of(
                        "pod disruption budget status counters are always written",
                        "policy/v1",
                        "PodDisruptionBudget",
                        """
                        spec:
                          minAvailable: 1
                        """,
                        """
                        spec:
                          minAvailable: 1
                        status:
                          currentHealthy: 0
                          desiredHealthy: 0
                          disruptionsAllowed: 0
                          expectedPods: 0
                        """),
                DefaultingCase.of(
                        "mutating webhooks fail closed, match equivalent versions and are not reinvoked",
                        "admissionregistration.k8s.io/v1",
                        "MutatingWebhookConfiguration",
                        """
                        webhooks:
                        - name: inject.example.com
                          sideEffects: None
                          admissionReviewVersions: [v1]
                          clientConfig:
                            service:
                              name: injector
                              namespace: system
                          rules:
                          - operations: [CREATE]
                            apiGroups: [""]
                            apiVersions: [v1]
                            resources: [pods]
                        """,
                        """
                        webhooks:
                        - name: inject.example.com
                          sideEffects: None
                          admissionReviewVersions: [v1]
                          clientConfig:
                            service:
                              name: injector
                              namespace: system
                              port: 443
                          rules:
                          - operations: [CREATE]
                            apiGroups: [""]
                            apiVersions: [v1]
                            resources: [pods]
                            scope: "*"
                          failurePolicy: Fail
                          matchPolicy: Equivalent
                          namespaceSelector: {}
                          objectSelector: {}
                          timeoutSeconds: 10
                          reinvocationPolicy: Never
                        """),
                DefaultingCase.of(
                        "validating admission policy fails closed and matches all scopes",
                        "admissionregistration.k8s.io/v1",
                        "ValidatingAdmissionPolicy",
                        """
                        spec:
                          matchConstraints:
                            resourceRules:
                            - operations: [CREATE]
                              apiGroups: [apps]
                              apiVersions: [v1]
                              resources: [deployments]
                          validations:
                          - expression: object.spec.replicas <= 5
                        """,
                        """
                        spec:
                          failurePolicy: Fail
                          matchConstraints:
                            matchPolicy: Equivalent
                            namespaceSelector: {}
                            objectSelector: {}
                            resourceRules:
                            - operations: [CREATE]
                              apiGroups: [apps]
                              apiVersions: [v1]
                              resources: [deployments]
                              scope: "*"
                          validations:
                          - expression: object.spec.replicas <= 5
                        status: {}
                        """),
                DefaultingCase.of(
                        "custom resource definition names default from the kind and conversion is none",
                        "apiextensions.k8s.io/v1",
                        "CustomResourceDefinition",
                        """
                        spec:
                          group: example.com
                          scope: Namespaced
                          names:
                            kind: Widget
                            plural: widgets
                        """,
                        """
                        spec:
                          group: example.com
                          scope: Namespaced
                          names:
                            kind: Widget
                            plural: widgets
                            singular: widget
                            listKind: WidgetList
                          conversion:
                            strategy: None
                        status:
                          acceptedNames:
                            kind: ""
                            plural: ""
                          storedVersions: null
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
