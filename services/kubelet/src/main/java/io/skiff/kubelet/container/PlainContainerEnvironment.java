package io.skiff.kubelet.container;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.envvars.ContainerExpansion;
import io.skiff.kubelet.envvars.Expansion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a container gets from its own spec alone: {@code env} entries with a literal
 * value (each may refer to the ones before it with $(VAR)), command and args expanded against them,
 * the working directory, and no volumes. An {@code env} entry with {@code valueFrom}, or any {@code
 * envFrom}, needs the API objects it names, which this environment does not read: the container
 * fails with CreateContainerConfigError rather than start without the variable.
 */
public final class PlainContainerEnvironment implements ContainerEnvironment {

    @Override
    public ContainerSetup containerSetup(ContainerContext context) {
        Container container = context.container();
        if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
            throw new ContainerSetupException(
                    "envFrom is not supported by this kubelet's container environment (container " + container.getName()
                            + ")");
        }
        Map<String, String> defined = new LinkedHashMap<>();
        List<ContainerConfig.EnvVar> env = new ArrayList<>();
        for (EnvVar variable : orEmpty(container.getEnv())) {
            if (variable.getValueFrom() != null) {
                throw new ContainerSetupException("couldn't resolve environment variable " + variable.getName()
                        + ": valueFrom is not supported by this kubelet's container environment");
            }
            String raw = variable.getValue() == null ? "" : variable.getValue();
            String value = raw.isEmpty() ? raw : Expansion.expand(raw, Expansion.mappingFor(List.of(defined)));
            defined.put(variable.getName(), value);
            env.add(new ContainerConfig.EnvVar(variable.getName(), value));
        }
        return new ContainerSetup(
                env,
                ContainerExpansion.expand(orEmpty(container.getCommand()), env),
                ContainerExpansion.expand(orEmpty(container.getArgs()), env),
                container.getWorkingDir(),
                List.of());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
