package io.skiff.kubelet.envvars;

import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code $(VAR)} expansion of what a container is started with, against its resolved environment
 * (the kubelet's ExpandContainerCommandAndArgs and ExpandContainerVolumeMounts).
 */
public final class ContainerExpansion {

    private ContainerExpansion() {}

    /** Command or args with every reference the environment defines expanded; others stay literal. */
    public static List<String> expand(List<String> commandOrArgs, List<EnvVar> environment) {
        if (commandOrArgs == null) {
            return List.of();
        }
        Function<String, String> mapping = Expansion.mappingFor(List.of(asMap(environment)));
        List<String> expanded = new ArrayList<>(commandOrArgs.size());
        for (String item : commandOrArgs) {
            expanded.add(Expansion.expand(item, mapping));
        }
        return expanded;
    }

    /**
     * A volumeMount's subPathExpr expanded. Unlike command and args, every reference must have a
     * non-empty value.
     *
     * @throws IllegalArgumentException {@code missing value for A, B} naming the others, sorted
     */
    public static String subPathExpr(String subPathExpr, List<EnvVar> environment) {
        Map<String, String> variables = asMap(environment);
        TreeSet<String> missing = new TreeSet<>();
        String expanded = Expansion.expand(subPathExpr, name -> {
            String value = variables.get(name);
            if (value == null || value.isEmpty()) {
                missing.add(name);
                return "";
            }
            return value;
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing value for " + String.join(", ", missing));
        }
        return expanded;
    }

    /** Later entries win, as in the runtime. */
    private static Map<String, String> asMap(List<EnvVar> environment) {
        Map<String, String> map = new HashMap<>();
        for (EnvVar variable : environment) {
            map.put(variable.name(), variable.value());
        }
        return map;
    }
}
