package io.skiff.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.skiff.kubelet.envvars.GoQuote;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a static pod must pass before the kubelet runs it: the parts of the API's
 * ValidatePodCreate that a manifest gets wrong most (names, containers, restartPolicy, ephemeral
 * containers), with Kubernetes' field errors; and, as Kubernetes' PreventStaticPodAPIReferences
 * does, no reference to other API objects (ServiceAccounts, Secrets, ConfigMaps, claims, ...): a
 * static pod runs without the API server. The API server validates the mirror pod in full.
 */
final class ManifestValidation {

    private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1123_LABEL_PATTERN = Pattern.compile(DNS1123_LABEL);
    private static final Pattern DNS1123_SUBDOMAIN_PATTERN =
            Pattern.compile(DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*");
    private static final String SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case"
            + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
            + " 'example.com', regex used for validation is '" + DNS1123_SUBDOMAIN_PATTERN.pattern() + "')";
    private static final String LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric"
            + " characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or"
            + " '123-abc', regex used for validation is '" + DNS1123_LABEL + "')";
    private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");

    private ManifestValidation() {}

    /** The field errors of the defaulted pod, formatted as Go's field.Error; empty when it is valid. */
    static List<String> errors(Pod pod) {
        List<String> errors = new ArrayList<>();
        String name = pod.getMetadata().getName();
        subdomain("metadata.name", name, errors);
        label("metadata.namespace", pod.getMetadata().getNamespace(), errors);
        PodSpec spec = pod.getSpec();
        if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
            errors.add("spec.containers: Required value");
        }
        Set<String> names = new HashSet<>();
        containers("spec.initContainers", spec.getInitContainers(), names, errors);
        containers("spec.containers", spec.getContainers(), names, errors);
        if (!RESTART_POLICIES.contains(spec.getRestartPolicy())) {
            errors.add("spec.restartPolicy: Unsupported value: " + quote(spec.getRestartPolicy())
                    + ": supported values: \"Always\", \"OnFailure\", \"Never\"");
        }
        if (spec.getEphemeralContainers() != null
                && !spec.getEphemeralContainers().isEmpty()) {
            errors.add("spec.ephemeralContainers: Forbidden: cannot be set on create");
        }
        return errors;
    }

    private static void containers(String path, List<Container> containers, Set<String> names, List<String> errors) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container container = containers.get(i);
            String at = path + "[" + i + "]";
            String name = container.getName();
            if (name == null || name.isEmpty()) {
                errors.add(at + ".name: Required value");
            } else {
                label(at + ".name", name, errors);
                if (!names.add(name)) {
                    errors.add(at + ".name: Duplicate value: " + quote(name));
                }
            }
            if (container.getImage() == null || container.getImage().isBlank()) {
                errors.add(at + ".image: Required value");
            }
        }
    }

    private static void subdomain(String field, String value, List<String> errors) {
        if (value.length() > 253) {
            errors.add(field + ": Invalid value: " + quote(value) + ": must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN_PATTERN.matcher(value).matches()) {
            errors.add(field + ": Invalid value: " + quote(value) + ": " + SUBDOMAIN_MESSAGE);
        }
    }

    private static void label(String field, String value, List<String> errors) {
        if (value.length() > 63) {
            errors.add(field + ": Invalid value: " + quote(value) + ": must be no more than 63 characters");
        }
        if (!DNS1123_LABEL_PATTERN.matcher(value).matches()) {
            errors.add(field + ": Invalid value: " + quote(value) + ": " + LABEL_MESSAGE);
        }
    }

    /**
     * The kind of API object the pod refers to, in the words of Kubernetes' HasAPIObjectReference
     * ("secrets", "configmaps (via projected volumes)", ...); empty when it refers to none.
     */
    static Optional<String> apiObjectReference(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (!isEmpty(spec.getServiceAccountName()) || !isEmpty(spec.getServiceAccount())) {
            return Optional.of("serviceaccounts");
        }
        List<Container> containers = new ArrayList<>();
        containers.addAll(orEmpty(spec.getInitContainers()));
        containers.addAll(orEmpty(spec.getContainers()));
        if (!orEmpty(spec.getImagePullSecrets()).isEmpty()
                || containers.stream().anyMatch(ManifestValidation::readsSecret)
                || orEmpty(spec.getVolumes()).stream().anyMatch(ManifestValidation::mountsSecret)) {
            return Optional.of("secrets");
        }
        if (containers.stream().anyMatch(ManifestValidation::readsConfigMap)
                || orEmpty(spec.getVolumes()).stream().anyMatch(ManifestValidation::mountsConfigMap)) {
            return Optional.of("configmaps");
        }
        if (!orEmpty(spec.getResourceClaims()).isEmpty()) {
            return Optional.of("resourceclaims");
        }
        for (Volume volume : orEmpty(spec.getVolumes())) {
            Optional<String> reference = volumeReference(volume);
            if (reference.isPresent()) {
                return reference;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> volumeReference(Volume volume) {
        if (volume.getCsi() != null) {
            return Optional.of("csidrivers (via CSI volumes)");
        }
        if (volume.getGlusterfs() != null) {
            return Optional.of("endpoints (via glusterFS volumes)");
        }
        if (volume.getPersistentVolumeClaim() != null) {
            return Optional.of("persistentvolumeclaims");
        }
        if (volume.getEphemeral() != null) {
            return Optional.of("persistentvolumeclaims (via ephemeral volumes)");
        }
        if (volume.getProjected() != null) {
            for (VolumeProjection source : orEmpty(volume.getProjected().getSources())) {
                if (source.getServiceAccountToken() != null) {
                    return Optional.of("serviceaccounts (via projected volumes)");
                }
                if (source.getClusterTrustBundle() != null) {
                    return Optional.of("clustertrustbundles");
                }
                if (source.getPodCertificate() != null) {
                    return Optional.of("podcertificates");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean readsSecret(Container container) {
        return orEmpty(container.getEnvFrom()).stream()
                        .map(EnvFromSource::getSecretRef)
                        .anyMatch(r -> r != null)
                || orEmpty(container.getEnv()).stream()
                        .map(EnvVar::getValueFrom)
                        .anyMatch(from -> from != null && from.getSecretKeyRef() != null);
    }

    private static boolean readsConfigMap(Container container) {
        return orEmpty(container.getEnvFrom()).stream()
                        .map(EnvFromSource::getConfigMapRef)
                        .anyMatch(r -> r != null)
                || orEmpty(container.getEnv()).stream()
                        .map(EnvVar::getValueFrom)
                        .anyMatch(from -> from != null && from.getConfigMapKeyRef() != null);
    }

    /** VisitPodSecretNames' volume sources: secret volumes and projections, and the secretRefs of volume plugins. */
    private static boolean mountsSecret(Volume volume) {
        return volume.getSecret() != null
                || volume.getAzureFile() != null
                || (volume.getCephfs() != null && volume.getCephfs().getSecretRef() != null)
                || (volume.getCinder() != null && volume.getCinder().getSecretRef() != null)
                || (volume.getFlexVolume() != null && volume.getFlexVolume().getSecretRef() != null)
                || (volume.getRbd() != null && volume.getRbd().getSecretRef() != null)
                || (volume.getScaleIO() != null && volume.getScaleIO().getSecretRef() != null)
                || (volume.getIscsi() != null && volume.getIscsi().getSecretRef() != null)
                || (volume.getStorageos() != null && volume.getStorageos().getSecretRef() != null)
                || (volume.getCsi() != null && volume.getCsi().getNodePublishSecretRef() != null)
                || (volume.getProjected() != null
                        && orEmpty(volume.getProjected().getSources()).stream()
                                .anyMatch(source -> source.getSecret() != null));
    }

    private static boolean mountsConfigMap(Volume volume) {
        return volume.getConfigMap() != null
                || (volume.getProjected() != null
                        && orEmpty(volume.getProjected().getSources()).stream()
                                .anyMatch(source -> source.getConfigMap() != null));
    }

    /** Go's %q of a string. */
    private static String quote(String value) {
        return GoQuote.quote(value == null ? "" : value);
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
