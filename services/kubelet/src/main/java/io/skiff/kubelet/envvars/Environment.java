package io.skiff.kubelet.envvars;

import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import java.util.List;

/**
 * A container's resolved environment.
 *
 * @param variables in order, each name once
 * @param warnings events to record about the pod
 */
public record Environment(List<EnvVar> variables, List<WarningEvent> warnings) {

    public Environment {
        variables = List.copyOf(variables);
        warnings = List.copyOf(warnings);
    }
}
