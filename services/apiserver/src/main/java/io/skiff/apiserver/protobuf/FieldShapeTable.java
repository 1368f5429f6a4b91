package io.skiff.apiserver.protobuf;

import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Discovery;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V2Autoscaling;
import java.util.Map;

/**
 * How the Go structs behind the generated.proto messages marshal to JSON, where that differs from
 * a plain optional value: the protobuf schema has lost whether a Go field is a pointer and whether
 * its json tag says omitempty, and those decide which zero values the JSON wire format carries.
 *
 * <p>Read from the Go types of k8s.io/api and k8s.io/apimachinery (types.go, json and protobuf
 * tags). One line per message, continued on indented lines; each field is {@code name:shape} where
 * the shape is any of {@code pointer} (a Go pointer with omitempty: an explicit zero survives),
 * {@code always} (no omitempty: written even when empty), {@code nullable} (a Go pointer without
 * omitempty: written as null when unset), {@code inline} (an embedded struct whose fields Go
 * flattens into its parent) and {@code json=name} (a JSON name that differs from the proto name),
 * joined by {@code +}. Every other field is a Go value with omitempty, which Kubernetes' protobuf
 * marshallers write even when zero and JSON leaves out.
 */
final class FieldShapeTable {

    /** k8s.io.api.core.v1. */
    private static final String CORE = """
            Volume name:always volumeSource:inline
            PersistentVolumeClaimVolumeSource claimName:always
            PersistentVolumeSpec persistentVolumeSource:inline volumeMode:pointer
                volumeAttributesClassName:pointer
            PersistentVolumeClaimSpec storageClassName:pointer volumeMode:pointer
                volumeAttributesClassName:pointer
            TypedObjectReference apiGroup:nullable kind:always name:always namespace:pointer
            ModifyVolumeStatus status:always
            PersistentVolumeClaimCondition type:always status:always
            PersistentVolumeClaimStatus currentVolumeAttributesClassName:pointer
            HostPathVolumeSource path:always type:pointer
            GlusterfsVolumeSource endpoints:always path:always
            GlusterfsPersistentVolumeSource endpoints:always path:always endpointsNamespace:pointer
            RBDVolumeSource monitors:always image:always
            RBDPersistentVolumeSource monitors:always image:always
            CinderVolumeSource volumeID:always
            CinderPersistentVolumeSource volumeID:always
            CephFSVolumeSource monitors:always
            CephFSPersistentVolumeSource monitors:always
            GCEPersistentDiskVolumeSource pdName:always
            QuobyteVolumeSource registry:always volume:always
            FlexPersistentVolumeSource driver:always
            FlexVolumeSource driver:always
            AWSElasticBlockStoreVolumeSource volumeID:always
            GitRepoVolumeSource repository:always
            SecretVolumeSource defaultMode:pointer optional:pointer
            SecretProjection localObjectReference:inline optional:pointer
            NFSVolumeSource server:always path:always
            ISCSIVolumeSource targetPortal:always iqn:always lun:always initiatorName:pointer
            ISCSIPersistentVolumeSource targetPortal:always iqn:always lun:always initiatorName:pointer
            FCVolumeSource lun:pointer
            AzureFileVolumeSource secretName:always shareName:always
            AzureFilePersistentVolumeSource secretName:always shareName:always secretNamespace:nullable
            VsphereVirtualDiskVolumeSource volumePath:always
            PhotonPersistentDiskVolumeSource pdID:always
            AzureDiskVolumeSource diskName:always diskURI:always cachingMode:pointer fsType:pointer
                readOnly:pointer kind:pointer
            PortworxVolumeSource volumeID:always
            ScaleIOVolumeSource gateway:always system:always secretRef:nullable
            ScaleIOPersistentVolumeSource gateway:always system:always secretRef:nullable
            ConfigMapVolumeSource localObjectReference:inline defaultMode:pointer optional:pointer
            ConfigMapProjection localObjectReference:inline optional:pointer
            ServiceAccountTokenProjection expirationSeconds:pointer path:always
            ClusterTrustBundleProjection name:pointer signerName:pointer optional:pointer path:always
            ProjectedVolumeSource sources:always defaultMode:pointer
            KeyToPath key:always path:always mode:pointer
            LocalVolumeSource path:always fsType:pointer
            CSIPersistentVolumeSource driver:always volumeHandle:always
            CSIVolumeSource driver:always readOnly:pointer fsType:pointer
            ContainerPort containerPort:always
            VolumeMount name:always mountPath:always mountPropagation:pointer recursiveReadOnly:pointer
            VolumeDevice name:always devicePath:always
            EnvVar name:always
            ObjectFieldSelector fieldPath:always
            ResourceFieldSelector resource:always
            ConfigMapKeySelector localObjectReference:inline key:always optional:pointer
            SecretKeySelector localObjectReference:inline key:always optional:pointer
            ConfigMapEnvSource localObjectReference:inline optional:pointer
            SecretEnvSource localObjectReference:inline optional:pointer
            HTTPHeader name:always value:always
            GRPCAction port:always service:nullable
            SleepAction seconds:always
            Probe handler:inline terminationGracePeriodSeconds:pointer
            ContainerResizePolicy resourceName:always restartPolicy:always
            ResourceClaim name:always
            Container name:always restartPolicy:pointer
            ContainerStateTerminated exitCode:always
            ContainerStatus name:always ready:always restartCount:always image:always imageID:always
                started:pointer stopSignal:pointer
            PodCondition type:always status:always
            NodeSelector nodeSelectorTerms:always
            NodeSelectorRequirement key:always operator:always
            TopologySelectorLabelRequirement key:always values:always
            WeightedPodAffinityTerm weight:always
            PodAffinityTerm topologyKey:always
            PreferredSchedulingTerm weight:always
            Taint key:always effect:always
            Toleration tolerationSeconds:pointer
            PodReadinessGate conditionType:always
            PodSpec containers:always terminationGracePeriodSeconds:pointer activeDeadlineSeconds:pointer
                automountServiceAccountToken:pointer shareProcessNamespace:pointer priority:pointer
                runtimeClassName:pointer enableServiceLinks:pointer preemptionPolicy:pointer
                setHostnameAsFQDN:pointer hostUsers:pointer hostnameOverride:pointer
            PodResourceClaim name:always resourceClaimName:pointer resourceClaimTemplateName:pointer
            PodResourceClaimStatus name:always resourceClaimName:pointer
            PodOS name:always
            PodSchedulingGate name:always
            TopologySpreadConstraint maxSkew:always topologyKey:always whenUnsatisfiable:always
                minDomains:pointer nodeAffinityPolicy:pointer nodeTaintsPolicy:pointer
            PodSecurityContext runAsUser:pointer runAsGroup:pointer runAsNonRoot:pointer fsGroup:pointer
                fsGroupChangePolicy:pointer supplementalGroupsPolicy:pointer seLinuxChangePolicy:pointer
            SeccompProfile type:always localhostProfile:pointer
            PodDNSConfigOption value:pointer
            EphemeralContainerCommon name:always restartPolicy:pointer
            EphemeralContainer ephemeralContainerCommon:inline
            ReplicationControllerSpec replicas:pointer
            ReplicationControllerStatus replicas:always
            ReplicationControllerCondition type:always status:always
            ClientIPConfig timeoutSeconds:pointer
            LoadBalancerIngress ipMode:pointer
            ServiceSpec ipFamilyPolicy:pointer allocateLoadBalancerNodePorts:pointer
                loadBalancerClass:pointer internalTrafficPolicy:pointer trafficDistribution:pointer
            ServicePort appProtocol:pointer port:always
            ServiceAccount automountServiceAccountToken:pointer
            EndpointAddress ip:always nodeName:pointer
            EndpointPort port:always appProtocol:pointer
            ConfigMapNodeConfigSource namespace:always name:always kubeletConfigKey:always
            DaemonEndpoint Port:always
            NodeSystemInfo machineID:always systemUUID:always bootID:always kernelVersion:always
                osImage:always containerRuntimeVersion:always kubeletVersion:always kubeProxyVersion:always
                operatingSystem:always architecture:always
            AttachedVolume name:always devicePath:always
            ContainerImage names:always
            NodeCondition type:always status:always
            NodeAddress type:always address:always
            NamespaceCondition type:always status:always
            Preconditions uid:pointer
            TypedLocalObjectReference apiGroup:nullable kind:always name:always
            Event reportingComponent:always reportingInstance:always
            LimitRangeItem type:always
            LimitRangeSpec limits:always
            ScopedResourceSelectorRequirement scopeName:always operator:always
            Secret immutable:pointer
            ConfigMap immutable:pointer
            ComponentCondition type:always status:always
            DownwardAPIVolumeSource defaultMode:pointer
            DownwardAPIVolumeFile path:always mode:pointer
            SecurityContext privileged:pointer runAsUser:pointer runAsGroup:pointer runAsNonRoot:pointer
                readOnlyRootFilesystem:pointer allowPrivilegeEscalation:pointer procMount:pointer
            AppArmorProfile type:always localhostProfile:pointer
            WindowsSecurityContextOptions gmsaCredentialSpecName:pointer gmsaCredentialSpec:pointer
                runAsUserName:pointer hostProcess:pointer
            RangeAllocation range:always data:always
            Sysctl name:always value:always
            PortStatus port:always protocol:always error:pointer
            Lifecycle stopSignal:pointer
            VolumeMountStatus name:always mountPath:always recursiveReadOnly:pointer
            FileKeySelector volumeName:always path:always key:always optional:pointer
            LinuxContainerUser uid:always gid:always
            NodeFeatures supplementalGroupsPolicy:pointer
            NodeRuntimeHandlerFeatures recursiveReadOnlyMounts:pointer userNamespaces:pointer
            NodeSwapStatus capacity:pointer
            ResourceHealth resourceID:always
            ResourceStatus name:always
            PodCertificateProjection maxExpirationSeconds:pointer
            """;

    /** k8s.io.apimachinery.pkg.apis.meta.v1. */
    private static final String META = """
            ListMeta remainingItemCount:pointer
            OwnerReference apiVersion:always kind:always name:always uid:always controller:pointer
                blockOwnerDeletion:pointer
            LabelSelectorRequirement key:always operator:always
            DeleteOptions gracePeriodSeconds:pointer orphanDependents:pointer propagationPolicy:pointer
                ignoreStoreReadErrorWithClusterBreakingPotential:pointer
            Preconditions uid:pointer resourceVersion:pointer
            Condition type:always status:always reason:always message:always
            FieldSelectorRequirement key:always operator:always
            ObjectMeta deletionGracePeriodSeconds:pointer
            """;

    /** k8s.io.api.apps.v1. */
    private static final String APPS = """
            RollingUpdateStatefulSetStrategy partition:pointer
            StatefulSetOrdinals start:always
            StatefulSetSpec replicas:pointer selector:nullable serviceName:always
                revisionHistoryLimit:pointer
            StatefulSetStatus replicas:always collisionCount:pointer availableReplicas:always
            StatefulSetCondition type:always status:always
            DeploymentSpec replicas:pointer selector:nullable revisionHistoryLimit:pointer
                progressDeadlineSeconds:pointer
            DeploymentStatus terminatingReplicas:pointer collisionCount:pointer
            DeploymentCondition type:always status:always
            DaemonSetSpec selector:nullable revisionHistoryLimit:pointer
            DaemonSetStatus currentNumberScheduled:always numberMisscheduled:always
                desiredNumberScheduled:always numberReady:always collisionCount:pointer
            DaemonSetCondition type:always status:always
            ReplicaSetSpec replicas:pointer selector:nullable
            ReplicaSetStatus replicas:always terminatingReplicas:pointer
            ReplicaSetCondition type:always status:always
            ControllerRevision revision:always
            """;

    /** k8s.io.api.batch.v1. */
    private static final String BATCH = """
            PodFailurePolicyOnExitCodesRequirement containerName:nullable operator:always values:always
            PodFailurePolicyOnPodConditionsPattern type:always status:always
            PodFailurePolicyRule action:always onExitCodes:nullable onPodConditions:always
            PodFailurePolicy rules:always
            JobSpec parallelism:pointer completions:pointer activeDeadlineSeconds:pointer
                backoffLimit:pointer backoffLimitPerIndex:pointer maxFailedIndexes:pointer
                manualSelector:pointer ttlSecondsAfterFinished:pointer completionMode:pointer
                suspend:pointer podReplacementPolicy:pointer managedBy:pointer
            SuccessPolicy rules:always
            SuccessPolicyRule succeededIndexes:pointer succeededCount:pointer
            JobStatus ready:pointer terminating:pointer failedIndexes:pointer
            JobCondition type:always status:always
            CronJobSpec schedule:always timeZone:pointer startingDeadlineSeconds:pointer suspend:pointer
                successfulJobsHistoryLimit:pointer failedJobsHistoryLimit:pointer
            """;

    /** k8s.io.api.coordination.v1. */
    private static final String COORDINATION = """
            LeaseSpec holderIdentity:pointer leaseDurationSeconds:pointer leaseTransitions:pointer
                strategy:pointer preferredHolder:pointer
            """;

    /** k8s.io.api.discovery.v1. */
    private static final String DISCOVERY = """
            EndpointSlice addressType:always endpoints:always ports:always
            Endpoint addresses:always hostname:pointer nodeName:pointer zone:pointer
            EndpointConditions ready:pointer serving:pointer terminating:pointer
            ForZone name:always
            ForNode name:always
            EndpointPort name:pointer protocol:pointer port:pointer appProtocol:pointer
            """;

    /** k8s.io.api.networking.v1. */
    private static final String NETWORKING = """
            NetworkPolicyPort protocol:pointer endPort:pointer
            IPBlock cidr:always
            IngressSpec ingressClassName:pointer
            IngressPortStatus port:always protocol:always error:pointer
            IngressRule ingressRuleValue:inline
            HTTPIngressRuleValue paths:always
            HTTPIngressPath pathType:nullable
            IngressServiceBackend name:always
            IngressClassParametersReference aPIGroup:pointer+json=apiGroup kind:always name:always
                scope:nullable namespace:pointer
            """;

    /** k8s.io.api.policy.v1. */
    private static final String POLICY = """
            PodDisruptionBudgetSpec unhealthyPodEvictionPolicy:pointer
            PodDisruptionBudgetStatus disruptionsAllowed:always currentHealthy:always desiredHealthy:always
                expectedPods:always
            """;

    /** k8s.io.api.scheduling.v1. */
    private static final String SCHEDULING = """
            PriorityClass value:always preemptionPolicy:pointer
            """;

    /** k8s.io.api.events.v1. */
    private static final String EVENTS = """
            EventSeries count:always
            """;

    /** k8s.io.api.rbac.v1. */
    private static final String RBAC = """
            PolicyRule verbs:always
            Subject kind:always name:always
            RoleRef apiGroup:always kind:always name:always
            Role rules:always
            ClusterRole rules:always
            """;

    /** k8s.io.api.storage.v1. */
    private static final String STORAGE = """
            StorageClass provisioner:always reclaimPolicy:pointer allowVolumeExpansion:pointer
                volumeBindingMode:pointer
            VolumeAttachmentSpec attacher:always nodeName:always
            VolumeAttachmentSource persistentVolumeName:pointer
            VolumeAttachmentStatus attached:always
            VolumeError errorCode:pointer
            CSIDriverSpec attachRequired:pointer podInfoOnMount:pointer storageCapacity:pointer
                fsGroupPolicy:pointer requiresRepublish:pointer seLinuxMount:pointer
                nodeAllocatableUpdatePeriodSeconds:pointer serviceAccountTokenInSecrets:pointer
                preventPodSchedulingIfMissing:pointer
            TokenRequest audience:always expirationSeconds:pointer
            CSINodeSpec drivers:always
            CSINodeDriver name:always nodeID:always topologyKeys:always
            VolumeNodeResources count:pointer
            CSIStorageCapacity storageClassName:always
            VolumeAttributesClass driverName:always
            """;

    /** k8s.io.api.autoscaling.v1. */
    private static final String AUTOSCALING_V1 = """
            CrossVersionObjectReference kind:always name:always
            HorizontalPodAutoscalerSpec minReplicas:pointer maxReplicas:always
                targetCPUUtilizationPercentage:pointer
            HorizontalPodAutoscalerStatus observedGeneration:pointer currentReplicas:always
                desiredReplicas:always currentCPUUtilizationPercentage:pointer
            ScaleStatus replicas:always
            ResourceMetricSource targetAverageUtilization:pointer
            ContainerResourceMetricSource targetAverageUtilization:pointer
            ResourceMetricStatus currentAverageUtilization:pointer
            ContainerResourceMetricStatus currentAverageUtilization:pointer
            """;

    /** k8s.io.api.autoscaling.v2. */
    private static final String AUTOSCALING_V2 = """
            CrossVersionObjectReference kind:always name:always
            HorizontalPodAutoscalerSpec minReplicas:pointer maxReplicas:always
            HPAScalingRules stabilizationWindowSeconds:pointer selectPolicy:pointer
            HPAScalingPolicy type:always value:always periodSeconds:always
            MetricSpec type:always
            ResourceMetricSource name:always
            ContainerResourceMetricSource name:always container:always
            MetricIdentifier name:always
            MetricTarget type:always averageUtilization:pointer
            HorizontalPodAutoscalerStatus observedGeneration:pointer currentMetrics:always desiredReplicas:always
            HorizontalPodAutoscalerCondition type:always status:always
            MetricStatus type:always
            ResourceMetricStatus name:always
            ContainerResourceMetricStatus name:always container:always
            MetricValueStatus averageUtilization:pointer
            """;

    /** k8s.io.api.authentication.v1. */
    private static final String AUTHENTICATION = """
            TokenRequestSpec audiences:always expirationSeconds:nullable boundObjectRef:nullable
            TokenRequestStatus token:always
            BoundObjectReference uID:json=uid
            """;

    /** k8s.io.api.authorization.v1. */
    private static final String AUTHORIZATION = """
            SubjectAccessReviewStatus allowed:always
            SubjectRulesReviewStatus resourceRules:always nonResourceRules:always incomplete:always
            ResourceRule verbs:always
            NonResourceRule verbs:always
            """;

    /** k8s.io.api.certificates.v1. */
    private static final String CERTIFICATES = """
            CertificateSigningRequestSpec request:always signerName:always expirationSeconds:pointer
            CertificateSigningRequestCondition type:always status:always
            """;

    private FieldShapeTable() {}

    /** The table text of each generated.proto file. */
    static Map<FileDescriptor, String> byFile() {
        return Map.ofEntries(
                Map.entry(V1.getDescriptor(), CORE),
                Map.entry(Meta.getDescriptor(), META),
                Map.entry(V1Apps.getDescriptor(), APPS),
                Map.entry(V1Batch.getDescriptor(), BATCH),
                Map.entry(V1Coordination.getDescriptor(), COORDINATION),
                Map.entry(V1Discovery.getDescriptor(), DISCOVERY),
                Map.entry(V1Networking.getDescriptor(), NETWORKING),
                Map.entry(V1Policy.getDescriptor(), POLICY),
                Map.entry(V1Scheduling.getDescriptor(), SCHEDULING),
                Map.entry(V1Events.getDescriptor(), EVENTS),
                Map.entry(V1Rbac.getDescriptor(), RBAC),
                Map.entry(V1Storage.getDescriptor(), STORAGE),
                Map.entry(V1Autoscaling.getDescriptor(), AUTOSCALING_V1),
                Map.entry(V2Autoscaling.getDescriptor(), AUTOSCALING_V2),
                Map.entry(V1Authentication.getDescriptor(), AUTHENTICATION),
                Map.entry(V1Authorization.getDescriptor(), AUTHORIZATION),
                Map.entry(V1Certificates.getDescriptor(), CERTIFICATES));
    }
}
