package io.skiff.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V2Autoscaling;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Objects built with the proto classes the way Go's marshallers fill them (value fields written even
 * when zero), wrapped as client-go wraps them, decoded and compared with JSON written by hand.
 */
class RoundTripTest {

    private final ProtobufDecoder decoder = ProtobufDecoder.builtin();

    @Test
    void deploymentWithIntOrStringQuantitiesAndTimestamps() {
        V1.PodTemplateSpec template = V1.PodTemplateSpec.newBuilder()
                .setMetadata(Wire.meta("").putLabels("app", "web"))
                .setSpec(podSpec()
                        .addContainers(container("nginx", "nginx")
                                .setResources(V1.ResourceRequirements.newBuilder()
                                        .putLimits("memory", quantity("128Mi"))
                                        .putLimits("cpu", quantity("500m"))
                                        .putRequests("cpu", quantity("250m")))))
                .build();
        V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
                .setMetadata(Wire.meta("web").putLabels("app", "web").setCreationTimestamp(Wire.time()))
                .setSpec(V1Apps.DeploymentSpec.newBuilder()
                        .setReplicas(0)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setTemplate(template)
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder()
                                .setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxUnavailable(intOrString(0))
                                        .setMaxSurge(intOrString("25%"))))
                        .setMinReadySeconds(0)
                        .setPaused(false))
                .setStatus(V1Apps.DeploymentStatus.newBuilder()
                        .setObservedGeneration(0)
                        .setReplicas(0)
                        .setUpdatedReplicas(0)
                        .setReadyReplicas(0)
                        .setAvailableReplicas(0)
                        .setUnavailableReplicas(0))
                .build();

        assertThat(decoder.decode(Wire.envelope("apps/v1", "Deployment", deployment)))
                .isEqualTo(Wire.json("""
                        {"kind": "Deployment", "apiVersion": "apps/v1",
                         "metadata": {"name": "web", "labels": {"app": "web"},
                                      "creationTimestamp": "2024-01-02T03:04:05Z"},
                         "spec": {"replicas": 0,
                                  "selector": {"matchLabels": {"app": "web"}},
                                  "template": {"metadata": {"labels": {"app": "web"}, "creationTimestamp": null},
                                               "spec": {"containers": [{"name": "nginx", "image": "nginx",
                                                   "resources": {"limits": {"cpu": "500m", "memory": "128Mi"},
                                                                 "requests": {"cpu": "250m"}}}]}},
                                  "strategy": {"type": "RollingUpdate",
                                               "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}}},
                         "status": {}}
                        """));
    }

    @Test
    void serviceWithNumericTargetPort() {
        V1.Service service = V1.Service.newBuilder()
                .setMetadata(Wire.meta("web").putLabels("app", "web"))
                .setSpec(V1.ServiceSpec.newBuilder()
                        .addPorts(V1.ServicePort.newBuilder()
                                .setName("80-8080")
                                .setProtocol("TCP")
                                .setPort(80)
                                .setTargetPort(intOrString(8080))
                                .setNodePort(0))
                        .putSelector("app", "web")
                        .setClusterIP("")
                        .setType("ClusterIP")
                        .setSessionAffinity("")
                        .setLoadBalancerIP("")
                        .setExternalName("")
                        .setExternalTrafficPolicy("")
                        .setHealthCheckNodePort(0)
                        .setPublishNotReadyAddresses(false))
                .setStatus(V1.ServiceStatus.newBuilder().setLoadBalancer(V1.LoadBalancerStatus.getDefaultInstance()))
                .build();

        assertThat(decoder.decode(Wire.envelope("v1", "Service", service))).isEqualTo(Wire.json("""
                        {"kind": "Service", "apiVersion": "v1",
                         "metadata": {"name": "web", "labels": {"app": "web"}, "creationTimestamp": null},
                         "spec": {"ports": [{"name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080}],
                                  "selector": {"app": "web"}, "type": "ClusterIP"},
                         "status": {"loadBalancer": {}}}
                        """));
    }

    @Test
    void podKeepsExplicitZerosOfPointersAndFlattensEmbeddedStructs() {
        V1.Container.Builder app = container("app", "example/app:1")
                .addPorts(V1.ContainerPort.newBuilder()
                        .setName("")
                        .setHostPort(0)
                        .setContainerPort(8080)
                        .setProtocol("TCP")
                        .setHostIP(""))
                .setReadinessProbe(V1.Probe.newBuilder()
                        .setHandler(V1.ProbeHandler.newBuilder()
                                .setHttpGet(V1.HTTPGetAction.newBuilder()
                                        .setPath("/healthz")
                                        .setPort(intOrString("http"))
                                        .setHost("")
                                        .setScheme("HTTP")))
                        .setInitialDelaySeconds(0)
                        .setTimeoutSeconds(0)
                        .setPeriodSeconds(5)
                        .setSuccessThreshold(0)
                        .setFailureThreshold(0))
                .setSecurityContext(
                        V1.SecurityContext.newBuilder().setRunAsUser(0).setRunAsNonRoot(false));
        V1.Pod pod = V1.Pod.newBuilder()
                .setMetadata(Wire.meta("app").setNamespace("shop"))
                .setSpec(podSpec()
                        .addVolumes(V1.Volume.newBuilder()
                                .setName("config")
                                .setVolumeSource(V1.VolumeSource.newBuilder()
                                        .setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                                                .setLocalObjectReference(V1.LocalObjectReference.newBuilder()
                                                        .setName("app-config"))
                                                .setDefaultMode(420))))
                        .addContainers(app)
                        .setTerminationGracePeriodSeconds(0)
                        .setAutomountServiceAccountToken(false))
                .setStatus(V1.PodStatus.newBuilder()
                        .setPhase("Pending")
                        .addConditions(V1.PodCondition.newBuilder()
                                .setType("PodScheduled")
                                .setStatus("True")
                                .setLastProbeTime(Meta.Time.getDefaultInstance())
                                .setLastTransitionTime(Wire.time())
                                .setReason("")
                                .setMessage(""))
                        .setMessage("")
                        .setReason("")
                        .setStartTime(Wire.time().toBuilder().setNanos(999)))
                .build();

        assertThat(decoder.decode(Wire.envelope("v1", "Pod", pod))).isEqualTo(Wire.json("""
                        {"kind": "Pod", "apiVersion": "v1",
                         "metadata": {"name": "app", "namespace": "shop", "creationTimestamp": null},
                         "spec": {"volumes": [{"name": "config",
                                               "configMap": {"name": "app-config", "defaultMode": 420}}],
                                  "containers": [{"name": "app", "image": "example/app:1",
                                      "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                                      "resources": {},
                                      "readinessProbe": {"httpGet": {"path": "/healthz", "port": "http",
                                                                     "scheme": "HTTP"},
                                                         "periodSeconds": 5},
                                      "securityContext": {"runAsUser": 0, "runAsNonRoot": false}}],
                                  "terminationGracePeriodSeconds": 0,
                                  "automountServiceAccountToken": false},
                         "status": {"phase": "Pending",
                                    "conditions": [{"type": "PodScheduled", "status": "True",
                                                    "lastProbeTime": null,
                                                    "lastTransitionTime": "2024-01-02T03:04:05Z"}],
                                    "startTime": "2024-01-02T03:04:05Z"}}
                        """));
    }

    @Test
    void secretDataIsBase64() {
        V1.Secret secret = V1.Secret.newBuilder()
                .setMetadata(Wire.meta("tls"))
                .setImmutable(false)
                .putData("bin", ByteString.copyFrom(new byte[] {0x00, (byte) 0xff, 0x10}))
                .putData("text", ByteString.copyFromUtf8("hello"))
                .setType("Opaque")
                .build();

        assertThat(decoder.decode(Wire.envelope("v1", "Secret", secret))).isEqualTo(Wire.json("""
                        {"kind": "Secret", "apiVersion": "v1",
                         "metadata": {"name": "tls", "creationTimestamp": null},
                         "immutable": false,
                         "data": {"bin": "AP8Q", "text": "aGVsbG8="},
                         "type": "Opaque"}
                        """));
    }

    @Test
    void leaseMicroTimesHaveSixFractionalDigits() {
        V1Coordination.Lease lease = V1Coordination.Lease.newBuilder()
                .setMetadata(Wire.meta("node-1").setNamespace("kube-node-lease"))
                .setSpec(V1Coordination.LeaseSpec.newBuilder()
                        .setHolderIdentity("")
                        .setLeaseDurationSeconds(40)
                        .setAcquireTime(Meta.MicroTime.newBuilder().setSeconds(1_704_164_645L))
                        .setRenewTime(Meta.MicroTime.newBuilder()
                                .setSeconds(1_704_164_645L)
                                .setNanos(123_456_789)))
                .build();

        assertThat(decoder.decode(Wire.envelope("coordination.k8s.io/v1", "Lease", lease)))
                .isEqualTo(Wire.json("""
                        {"kind": "Lease", "apiVersion": "coordination.k8s.io/v1",
                         "metadata": {"name": "node-1", "namespace": "kube-node-lease", "creationTimestamp": null},
                         "spec": {"holderIdentity": "", "leaseDurationSeconds": 40,
                                  "acquireTime": "2024-01-02T03:04:05.000000Z",
                                  "renewTime": "2024-01-02T03:04:05.123456Z"}}
                        """));
    }

    @Test
    void rawExtensionAndManagedFieldsEmbedTheirJson() {
        V1Apps.ControllerRevision revision = V1Apps.ControllerRevision.newBuilder()
                .setMetadata(Wire.meta("web-5d8f")
                        .addManagedFields(Meta.ManagedFieldsEntry.newBuilder()
                                .setManager("kubectl")
                                .setOperation("Update")
                                .setApiVersion("apps/v1")
                                .setTime(Wire.time())
                                .setFieldsType("FieldsV1")
                                .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(utf8("{\"f:data\":{}}")))
                                .setSubresource("")))
                .setData(Runtime.RawExtension.newBuilder()
                        .setRaw(utf8("{\"spec\":{\"template\":{\"$patch\":\"replace\"}}}")))
                .setRevision(3)
                .build();

        assertThat(decoder.decode(Wire.envelope("apps/v1", "ControllerRevision", revision)))
                .isEqualTo(Wire.json("""
                        {"kind": "ControllerRevision", "apiVersion": "apps/v1",
                         "metadata": {"name": "web-5d8f", "creationTimestamp": null,
                                      "managedFields": [{"manager": "kubectl", "operation": "Update",
                                                         "apiVersion": "apps/v1", "time": "2024-01-02T03:04:05Z",
                                                         "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {}}}]},
                         "data": {"spec": {"template": {"$patch": "replace"}}},
                         "revision": 3}
                        """));
    }

    @Test
    void ingressFlattensItsRuleValueAndRenamesApiGroup() {
        V1Networking.Ingress ingress = V1Networking.Ingress.newBuilder()
                .setMetadata(Wire.meta("web"))
                .setSpec(V1Networking.IngressSpec.newBuilder()
                        .setIngressClassName("nginx")
                        .addRules(V1Networking.IngressRule.newBuilder()
                                .setHost("a.example.com")
                                .setIngressRuleValue(V1Networking.IngressRuleValue.newBuilder()
                                        .setHttp(V1Networking.HTTPIngressRuleValue.newBuilder()
                                                .addPaths(V1Networking.HTTPIngressPath.newBuilder()
                                                        .setPath("/")
                                                        .setPathType("Prefix")
                                                        .setBackend(V1Networking.IngressBackend.newBuilder()
                                                                .setService(
                                                                        V1Networking.IngressServiceBackend.newBuilder()
                                                                                .setName("web")
                                                                                .setPort(
                                                                                        V1Networking.ServiceBackendPort
                                                                                                .newBuilder()
                                                                                                .setName("")
                                                                                                .setNumber(80)))))))))
                .setStatus(V1Networking.IngressStatus.newBuilder()
                        .setLoadBalancer(V1Networking.IngressLoadBalancerStatus.getDefaultInstance()))
                .build();
        V1Networking.IngressClass ingressClass = V1Networking.IngressClass.newBuilder()
                .setMetadata(Wire.meta("nginx"))
                .setSpec(V1Networking.IngressClassSpec.newBuilder()
                        .setController("example.com/ingress")
                        .setParameters(V1Networking.IngressClassParametersReference.newBuilder()
                                .setAPIGroup("k8s.example.com")
                                .setKind("Params")
                                .setName("p")))
                .build();

        assertThat(decoder.decode(Wire.envelope("networking.k8s.io/v1", "Ingress", ingress)))
                .isEqualTo(Wire.json("""
                        {"kind": "Ingress", "apiVersion": "networking.k8s.io/v1",
                         "metadata": {"name": "web", "creationTimestamp": null},
                         "spec": {"ingressClassName": "nginx",
                                  "rules": [{"host": "a.example.com",
                                             "http": {"paths": [{"path": "/", "pathType": "Prefix",
                                                 "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]},
                         "status": {"loadBalancer": {}}}
                        """));
        assertThat(decoder.decode(Wire.envelope("networking.k8s.io/v1", "IngressClass", ingressClass)))
                .isEqualTo(Wire.json("""
                        {"kind": "IngressClass", "apiVersion": "networking.k8s.io/v1",
                         "metadata": {"name": "nginx", "creationTimestamp": null},
                         "spec": {"controller": "example.com/ingress",
                                  "parameters": {"apiGroup": "k8s.example.com", "kind": "Params", "name": "p",
                                                 "scope": null}}}
                        """));
    }

    @Test
    void drainEvictionKeepsAZeroGracePeriod() {
        V1Policy.Eviction eviction = V1Policy.Eviction.newBuilder()
                .setMetadata(Wire.meta("web-1").setNamespace("shop"))
                .setDeleteOptions(Meta.DeleteOptions.newBuilder().setGracePeriodSeconds(0))
                .build();

        assertThat(decoder.decode(Wire.envelope("policy/v1", "Eviction", eviction)))
                .isEqualTo(Wire.json("""
                        {"kind": "Eviction", "apiVersion": "policy/v1",
                         "metadata": {"name": "web-1", "namespace": "shop", "creationTimestamp": null},
                         "deleteOptions": {"gracePeriodSeconds": 0}}
                        """));
    }

    @Test
    void deleteOptionsInTheVersionOfTheResource() {
        Meta.DeleteOptions options = Meta.DeleteOptions.newBuilder()
                .setPreconditions(Meta.Preconditions.newBuilder().setUid("1f2e"))
                .setPropagationPolicy("Foreground")
                .addDryRun("All")
                .build();

        assertThat(decoder.decode(Wire.envelope("apps/v1", "DeleteOptions", options)))
                .isEqualTo(Wire.json("""
                        {"kind": "DeleteOptions", "apiVersion": "apps/v1",
                         "preconditions": {"uid": "1f2e"}, "propagationPolicy": "Foreground", "dryRun": ["All"]}
                        """));
        assertThat(decoder.decode(Wire.envelope("meta.k8s.io/v1", "DeleteOptions", options)))
                .hasSize(5);
    }

    @Test
    void boundTokenRequestRenamesUid() {
        V1Authentication.TokenRequest request = V1Authentication.TokenRequest.newBuilder()
                .setMetadata(Wire.meta("builder").setNamespace("ci"))
                .setSpec(V1Authentication.TokenRequestSpec.newBuilder()
                        .addAudiences("https://kubernetes.default.svc")
                        .setExpirationSeconds(600)
                        .setBoundObjectRef(V1Authentication.BoundObjectReference.newBuilder()
                                .setKind("Pod")
                                .setApiVersion("v1")
                                .setName("runner")
                                .setUID("9c0a")))
                .build();

        assertThat(decoder.decode(Wire.envelope("authentication.k8s.io/v1", "TokenRequest", request)))
                .isEqualTo(Wire.json("""
                        {"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
                         "metadata": {"name": "builder", "namespace": "ci", "creationTimestamp": null},
                         "spec": {"audiences": ["https://kubernetes.default.svc"], "expirationSeconds": 600,
                                  "boundObjectRef": {"kind": "Pod", "apiVersion": "v1", "name": "runner",
                                                     "uid": "9c0a"}}}
                        """));
    }

    @Test
    void certificateRequestBytesAndExtraValues() {
        V1Certificates.CertificateSigningRequest request = V1Certificates.CertificateSigningRequest.newBuilder()
                .setMetadata(Wire.meta("alice"))
                .setSpec(V1Certificates.CertificateSigningRequestSpec.newBuilder()
                        .setRequest(utf8("CSR"))
                        .setSignerName("kubernetes.io/kube-apiserver-client")
                        .addUsages("client auth")
                        .setUsername("")
                        .putExtra(
                                "scopes",
                                V1Certificates.ExtraValue.newBuilder()
                                        .addItems("read")
                                        .addItems("write")
                                        .build()))
                .setStatus(V1Certificates.CertificateSigningRequestStatus.getDefaultInstance())
                .build();

        assertThat(decoder.decode(Wire.envelope("certificates.k8s.io/v1", "CertificateSigningRequest", request)))
                .isEqualTo(Wire.json("""
                        {"kind": "CertificateSigningRequest", "apiVersion": "certificates.k8s.io/v1",
                         "metadata": {"name": "alice", "creationTimestamp": null},
                         "spec": {"request": "Q1NS", "signerName": "kubernetes.io/kube-apiserver-client",
                                  "usages": ["client auth"], "extra": {"scopes": ["read", "write"]}},
                         "status": {}}
                        """));
    }

    @Test
    void scaleToZeroLeavesTheValueReplicasOut() {
        V1Autoscaling.Scale scale = V1Autoscaling.Scale.newBuilder()
                .setMetadata(Wire.meta("web").setNamespace("shop"))
                .setSpec(V1Autoscaling.ScaleSpec.newBuilder().setReplicas(0))
                .setStatus(V1Autoscaling.ScaleStatus.newBuilder().setReplicas(0).setSelector(""))
                .build();

        assertThat(decoder.decode(Wire.envelope("autoscaling/v1", "Scale", scale)))
                .isEqualTo(Wire.json("""
                        {"kind": "Scale", "apiVersion": "autoscaling/v1",
                         "metadata": {"name": "web", "namespace": "shop", "creationTimestamp": null},
                         "spec": {}, "status": {"replicas": 0}}
                        """));
    }

    @Test
    void autoscaleBuildsAHorizontalPodAutoscaler() {
        V2Autoscaling.HorizontalPodAutoscaler autoscaler = V2Autoscaling.HorizontalPodAutoscaler.newBuilder()
                .setMetadata(Wire.meta("web"))
                .setSpec(V2Autoscaling.HorizontalPodAutoscalerSpec.newBuilder()
                        .setScaleTargetRef(V2Autoscaling.CrossVersionObjectReference.newBuilder()
                                .setKind("Deployment")
                                .setName("web")
                                .setApiVersion("apps/v1"))
                        .setMinReplicas(1)
                        .setMaxReplicas(5)
                        .addMetrics(V2Autoscaling.MetricSpec.newBuilder()
                                .setType("Resource")
                                .setResource(V2Autoscaling.ResourceMetricSource.newBuilder()
                                        .setName("cpu")
                                        .setTarget(V2Autoscaling.MetricTarget.newBuilder()
                                                .setType("Utilization")
                                                .setAverageUtilization(80)))))
                .setStatus(V2Autoscaling.HorizontalPodAutoscalerStatus.newBuilder()
                        .setCurrentReplicas(0)
                        .setDesiredReplicas(0))
                .build();

        assertThat(decoder.decode(Wire.envelope("autoscaling/v2", "HorizontalPodAutoscaler", autoscaler)))
                .isEqualTo(Wire.json("""
                        {"kind": "HorizontalPodAutoscaler", "apiVersion": "autoscaling/v2",
                         "metadata": {"name": "web", "creationTimestamp": null},
                         "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web", "apiVersion": "apps/v1"},
                                  "minReplicas": 1, "maxReplicas": 5,
                                  "metrics": [{"type": "Resource",
                                               "resource": {"name": "cpu",
                                                            "target": {"type": "Utilization",
                                                                       "averageUtilization": 80}}}]},
                         "status": {"currentMetrics": null, "desiredReplicas": 0}}
                        """));
    }

    @Test
    void fieldsWithoutOmitemptyGetGoZeroValuesWhenAClientLeavesThemOut() {
        V1.Pod pod = V1.Pod.newBuilder()
                .setSpec(V1.PodSpec.newBuilder()
                        .addContainers(V1.Container.newBuilder()
                                .addPorts(V1.ContainerPort.newBuilder().setProtocol("TCP"))))
                .build();

        assertThat(decoder.decode(Wire.envelope("v1", "Pod", pod))).isEqualTo(Wire.json("""
                        {"kind": "Pod", "apiVersion": "v1",
                         "spec": {"containers": [{"name": "", "ports": [{"containerPort": 0, "protocol": "TCP"}]}]}}
                        """));
    }

    /** A PodSpec with the value fields Go writes even when they are zero. */
    private static V1.PodSpec.Builder podSpec() {
        return V1.PodSpec.newBuilder()
                .setRestartPolicy("")
                .setDnsPolicy("")
                .setServiceAccountName("")
                .setServiceAccount("")
                .setNodeName("")
                .setHostNetwork(false)
                .setHostPID(false)
                .setHostIPC(false)
                .setHostname("")
                .setSubdomain("")
                .setSchedulerName("")
                .setPriorityClassName("");
    }

    private static V1.Container.Builder container(String name, String image) {
        return V1.Container.newBuilder()
                .setName(name)
                .setImage(image)
                .setWorkingDir("")
                .setResources(V1.ResourceRequirements.getDefaultInstance())
                .setTerminationMessagePath("")
                .setTerminationMessagePolicy("")
                .setImagePullPolicy("")
                .setStdin(false)
                .setStdinOnce(false)
                .setTty(false);
    }

    private static Resource.Quantity quantity(String value) {
        return Resource.Quantity.newBuilder().setString(value).build();
    }

    private static IntStr.IntOrString intOrString(int value) {
        return IntStr.IntOrString.newBuilder()
                .setType(0)
                .setIntVal(value)
                .setStrVal("")
                .build();
    }

    private static IntStr.IntOrString intOrString(String value) {
        return IntStr.IntOrString.newBuilder()
                .setType(1)
                .setIntVal(0)
                .setStrVal(value)
                .build();
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFrom(text, StandardCharsets.UTF_8);
    }
}
