package io.skiff.apiserver.validation;

import java.util.HashMap;
import java.util.Map;

/** The built-in kinds and how each is validated: the format of its name and its own rules. */
final class BuiltinKinds {

    private static final String APPS = "apps";
    private static final String NETWORKING = "networking.k8s.io";
    private static final String STORAGE = "storage.k8s.io";

    private BuiltinKinds() {}

    static Map<String, Map<String, ObjectValidation.Registration>> all() {
        Map<String, Map<String, ObjectValidation.Registration>> kinds = new HashMap<>();
        NameFormat subdomain = NameFormat.DNS_SUBDOMAIN;
        register(kinds, "", "Pod", subdomain, new PodValidator());
        register(kinds, "", "PodTemplate", subdomain, new WorkloadValidators.PodTemplateValidator());
        register(
                kinds, "", "ReplicationController", subdomain, new WorkloadValidators.ReplicationControllerValidator());
        register(kinds, "", "Service", NameFormat.DNS1035_LABEL, new ServiceValidators.ServiceValidator());
        register(kinds, "", "Endpoints", subdomain, new ServiceValidators.EndpointsValidator());
        register(kinds, "", "Namespace", NameFormat.DNS_LABEL, new ClusterValidators.NamespaceValidator());
        register(kinds, "", "Node", subdomain, new ClusterValidators.NodeValidator());
        register(kinds, "", "ConfigMap", subdomain, new ConfigValidators.ConfigMapValidator());
        register(kinds, "", "Secret", subdomain, new ConfigValidators.SecretValidator());
        register(kinds, "", "ServiceAccount", subdomain, KindValidator.METADATA_ONLY);
        register(kinds, "", "PersistentVolumeClaim", subdomain, new StorageValidators.ClaimValidator());
        register(kinds, "", "PersistentVolume", subdomain, new StorageValidators.VolumeValidator());
        register(kinds, "", "LimitRange", subdomain, new QuotaValidators.LimitRangeValidator());
        register(kinds, "", "ResourceQuota", subdomain, new QuotaValidators.ResourceQuotaValidator());
        register(kinds, "", "Event", subdomain, new EventValidators.CoreEventValidator());
        register(kinds, APPS, "Deployment", subdomain, new WorkloadValidators.DeploymentValidator());
        register(kinds, APPS, "ReplicaSet", subdomain, new WorkloadValidators.ReplicaSetValidator());
        register(kinds, APPS, "DaemonSet", subdomain, new WorkloadValidators.DaemonSetValidator());
        register(kinds, APPS, "StatefulSet", NameFormat.DNS_LABEL, new WorkloadValidators.StatefulSetValidator());
        register(kinds, APPS, "ControllerRevision", subdomain, new WorkloadValidators.ControllerRevisionValidator());
        register(kinds, "batch", "Job", subdomain, new BatchValidators.JobValidator());
        register(kinds, "batch", "CronJob", subdomain, new BatchValidators.CronJobValidator());
        register(kinds, "coordination.k8s.io", "Lease", subdomain, new LeaseValidator());
        // "We don't care what you call your certificate requests": any name a path can carry.
        register(
                kinds,
                "certificates.k8s.io",
                "CertificateSigningRequest",
                NameFormat.PATH_SEGMENT,
                new CertificateSigningRequestValidator());
        register(kinds, "discovery.k8s.io", "EndpointSlice", subdomain, new ServiceValidators.EndpointSliceValidator());
        register(kinds, "events.k8s.io", "Event", subdomain, new EventValidators.EventsEventValidator());
        register(kinds, NETWORKING, "Ingress", subdomain, new IngressValidators.IngressValidator());
        register(kinds, NETWORKING, "IngressClass", subdomain, new IngressValidators.IngressClassValidator());
        register(kinds, NETWORKING, "NetworkPolicy", subdomain, KindValidator.METADATA_ONLY);
        register(kinds, "policy", "PodDisruptionBudget", subdomain, new DisruptionBudgetValidator());
        register(
                kinds, "scheduling.k8s.io", "PriorityClass", subdomain, new ClusterValidators.PriorityClassValidator());
        register(kinds, "autoscaling", "HorizontalPodAutoscaler", subdomain, KindValidator.METADATA_ONLY);
        register(
                kinds,
                FlowControlValidators.GROUP,
                "FlowSchema",
                subdomain,
                new FlowControlValidators.FlowSchemaValidator());
        register(
                kinds,
                FlowControlValidators.GROUP,
                "PriorityLevelConfiguration",
                subdomain,
                new FlowControlValidators.PriorityLevelValidator());
        NameFormat pathSegment = NameFormat.PATH_SEGMENT;
        register(kinds, RbacValidators.GROUP, "Role", pathSegment, new RbacValidators.RoleValidator(true));
        register(kinds, RbacValidators.GROUP, "ClusterRole", pathSegment, new RbacValidators.RoleValidator(false));
        register(kinds, RbacValidators.GROUP, "RoleBinding", pathSegment, new RbacValidators.BindingValidator(true));
        register(
                kinds,
                RbacValidators.GROUP,
                "ClusterRoleBinding",
                pathSegment,
                new RbacValidators.BindingValidator(false));
        register(kinds, STORAGE, "StorageClass", subdomain, new StorageValidators.StorageClassValidator());
        register(kinds, STORAGE, "CSIDriver", subdomain, KindValidator.METADATA_ONLY);
        register(kinds, STORAGE, "CSINode", subdomain, KindValidator.METADATA_ONLY);
        register(kinds, STORAGE, "VolumeAttachment", subdomain, KindValidator.METADATA_ONLY);
        return kinds;
    }

    private static void register(
            Map<String, Map<String, ObjectValidation.Registration>> kinds,
            String group,
            String kind,
            NameFormat nameFormat,
            KindValidator validator) {
        kinds.computeIfAbsent(group, g -> new HashMap<>())
                .put(kind, new ObjectValidation.Registration(nameFormat, validator, true));
    }
}
