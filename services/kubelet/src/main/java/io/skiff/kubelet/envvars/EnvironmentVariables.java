package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapEnvSource;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretEnvSource;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A container's environment as the kubelet's makeEnvironmentVariables builds it: envFrom first
 * (ConfigMaps and Secrets, with their prefix), then env in order, each value expanded against the
 * variables declared before it and the service variables, or resolved from its source (ConfigMap
 * or Secret key, pod field, container resource); then the service variables the container did not
 * set itself.
 *
 * <p>A missing ConfigMap, Secret or key that is not optional fails with Kubernetes'
 * CreateContainerConfigError message.
 */
public final class EnvironmentVariables {

    /** The annotation naming where a pod came from; anything but "api" is a static pod. */
    static final String CONFIG_SOURCE_ANNOTATION = "kubernetes.io/config.source";

    static final String INVALID_NAMES_REASON = "InvalidEnvironmentVariableNames";

    private final EnvironmentSources sources;

    public EnvironmentVariables(EnvironmentSources sources) {
        this.sources = sources;
    }

    /**
     * The environment of {@code container} (an app or init container of {@code pod}).
     *
     * @throws CreateContainerConfigException when it cannot be built
     */
    public Environment make(Pod pod, Container container, PodAddresses addresses) {
        Boolean enableServiceLinks = pod.getSpec().getEnableServiceLinks();
        if (enableServiceLinks == null) {
            throw new CreateContainerConfigException(
                    "nil pod.spec.enableServiceLinks encountered, cannot construct envvars");
        }
        if (!isStaticPod(pod) && !sources.servicesSynced()) {
            throw new CreateContainerConfigException(
                    "services have not yet been read at least once, cannot construct envvars");
        }
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> serviceEnv = ServiceEnvironment.forPod(sources, namespace, enableServiceLinks);
        Resolution resolution = new Resolution(pod, namespace);

        // env overrides envFrom, so envFrom is read first
        for (EnvFromSource envFrom : listOf(container.getEnvFrom())) {
            resolution.addEnvFrom(envFrom);
        }
        var mapping = Expansion.mappingFor(List.of(resolution.variables, serviceEnv));
        for (io.fabric8.kubernetes.api.model.EnvVar variable : listOf(container.getEnv())) {
            String value = variable.getValue() == null ? "" : variable.getValue();
            if (!value.isEmpty()) {
                value = Expansion.expand(value, mapping);
            } else if (variable.getValueFrom() != null) {
                Optional<String> resolved = resolution.valueFrom(variable.getValueFrom(), container, addresses);
                if (resolved.isEmpty()) {
                    // an optional reference to something missing sets nothing
                    continue;
                }
                value = resolved.get();
            }
            resolution.variables.put(variable.getName(), value);
        }

        List<EnvVar> result = new ArrayList<>();
        resolution.variables.forEach((name, value) -> result.add(new EnvVar(name, value)));
        serviceEnv.forEach((name, value) -> {
            if (!resolution.variables.containsKey(name)) {
                result.add(new EnvVar(name, value));
            }
        });
        return new Environment(result, resolution.warnings);
    }

    static boolean isStaticPod(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String source = annotations == null ? null : annotations.get(CONFIG_SOURCE_ANNOTATION);
        return source != null && !source.equals("api");
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** The state of one build: the variables so far and the objects read once each. */
    private final class Resolution {

        private final Pod pod;
        private final String namespace;
        private final Map<String, String> variables = new LinkedHashMap<>();
        private final Map<String, ConfigMap> configMaps = new HashMap<>();
        private final Map<String, Secret> secrets = new HashMap<>();
        private final List<WarningEvent> warnings = new ArrayList<>();

        Resolution(Pod pod, String namespace) {
            this.pod = pod;
            this.namespace = namespace;
        }

        void addEnvFrom(EnvFromSource envFrom) {
            String prefix = envFrom.getPrefix() == null ? "" : envFrom.getPrefix();
            if (envFrom.getConfigMapRef() != null) {
                ConfigMapEnvSource ref = envFrom.getConfigMapRef();
                Optional<ConfigMap> configMap = configMap(ref.getName(), Boolean.TRUE.equals(ref.getOptional()));
                configMap.ifPresent(cm -> addAll(prefix, data(cm), "configMap", ref.getName()));
            } else if (envFrom.getSecretRef() != null) {
                SecretEnvSource ref = envFrom.getSecretRef();
                Optional<Secret> secret = secret(ref.getName(), Boolean.TRUE.equals(ref.getOptional()));
                secret.ifPresent(s -> addAll(prefix, data(s), "secret", ref.getName()));
            }
        }

        /**
         * Since Kubernetes 1.30 every ConfigMap or Secret key (with a valid prefix) is a valid
         * name; what cannot be an environment variable at all (empty, '=' or non-printable
         * characters) is still skipped with the event older kubelets recorded.
         */
        private void addAll(String prefix, Map<String, String> data, String kind, String name) {
            TreeSet<String> invalid = new TreeSet<>();
            for (Map.Entry<String, String> entry : new TreeMap<>(data).entrySet()) {
                String key = prefix + entry.getKey();
                if (!isEnvironmentVariableName(key)) {
                    invalid.add(key);
                    continue;
                }
                variables.put(key, entry.getValue());
            }
            if (!invalid.isEmpty()) {
                warnings.add(WarningEvent.aboutPod(
                        INVALID_NAMES_REASON,
                        "Keys [" + String.join(", ", invalid) + "] from the EnvFrom " + kind + " " + namespace + "/"
                                + name
                                + " were skipped since they are considered invalid environment variable names."));
            }
        }

        Optional<String> valueFrom(EnvVarSource source, Container container, PodAddresses addresses) {
            try {
                if (source.getFieldRef() != null) {
                    return Optional.of(PodFields.value(source.getFieldRef(), pod, addresses));
                }
                if (source.getResourceFieldRef() != null) {
                    return Optional.of(ResourceFields.value(
                            source.getResourceFieldRef(), pod, container, sources.nodeAllocatable()));
                }
            } catch (IllegalArgumentException e) {
                throw new CreateContainerConfigException(e.getMessage());
            }
            if (source.getConfigMapKeyRef() != null) {
                ConfigMapKeySelector ref = source.getConfigMapKeyRef();
                boolean optional = Boolean.TRUE.equals(ref.getOptional());
                Optional<ConfigMap> configMap = configMap(ref.getName(), optional);
                if (configMap.isEmpty()) {
                    return Optional.empty();
                }
                String value = data(configMap.get()).get(ref.getKey());
                if (value == null) {
                    if (optional) {
                        return Optional.empty();
                    }
                    throw new CreateContainerConfigException(
                            "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
                }
                return Optional.of(value);
            }
            if (source.getSecretKeyRef() != null) {
                SecretKeySelector ref = source.getSecretKeyRef();
                boolean optional = Boolean.TRUE.equals(ref.getOptional());
                Optional<Secret> secret = secret(ref.getName(), optional);
                if (secret.isEmpty()) {
                    return Optional.empty();
                }
                String value = data(secret.get()).get(ref.getKey());
                if (value == null) {
                    if (optional) {
                        return Optional.empty();
                    }
                    throw new CreateContainerConfigException(
                            "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
                }
                return Optional.of(value);
            }
            // a source of a kind this kubelet does not know leaves the variable empty, as Kubernetes does
            return Optional.of("");
        }

        private Optional<ConfigMap> configMap(String name, boolean optional) {
            ConfigMap cached = configMaps.get(name);
            if (cached != null) {
                return Optional.of(cached);
            }
            Optional<ConfigMap> found;
            try {
                found = sources.configMap(namespace, name);
            } catch (SourceUnavailableException e) {
                throw new CreateContainerConfigException(e.getMessage());
            }
            if (found.isEmpty()) {
                if (optional) {
                    return Optional.empty();
                }
                throw new CreateContainerConfigException("configmap \"" + name + "\" not found");
            }
            configMaps.put(name, found.get());
            return found;
        }

        private Optional<Secret> secret(String name, boolean optional) {
            Secret cached = secrets.get(name);
            if (cached != null) {
                return Optional.of(cached);
            }
            Optional<Secret> found;
            try {
                found = sources.secret(namespace, name);
            } catch (SourceUnavailableException e) {
                throw new CreateContainerConfigException(e.getMessage());
            }
            if (found.isEmpty()) {
                if (optional) {
                    return Optional.empty();
                }
                throw new CreateContainerConfigException("secret \"" + name + "\" not found");
            }
            secrets.put(name, found.get());
            return found;
        }
    }

    private static Map<String, String> data(ConfigMap configMap) {
        return configMap.getData() == null ? Map.of() : configMap.getData();
    }

    private static Map<String, String> data(Secret secret) {
        return SecretData.text(secret);
    }

    /** Kubernetes' relaxed rule: printable ASCII other than '=', at least one character. */
    static boolean isEnvironmentVariableName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '=');
    }
}
