package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.cri.ContainerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's environment, built as containerd builds it: a default PATH, HOSTNAME, the image's
 * variables, then the container's. A later value for a name replaces the earlier one where it
 * stands, so each name appears once (a process sees the first of duplicate entries); an image
 * entry without "=" unsets the name.
 */
final class Environment {

    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Environment() {}

    static List<String> merge(String hostname, List<String> imageEnv, List<ContainerConfig.EnvVar> containerEnv) {
        List<String> env = new ArrayList<>();
        put(env, DEFAULT_PATH);
        put(env, "HOSTNAME=" + hostname);
        imageEnv.forEach(entry -> put(env, entry));
        containerEnv.forEach(variable -> put(env, variable.name() + "=" + variable.value()));
        return List.copyOf(env);
    }

    /** Sets or replaces {@code NAME=value}; a bare {@code NAME} unsets it. */
    private static void put(List<String> env, String entry) {
        String name = name(entry);
        for (int i = 0; i < env.size(); i++) {
            if (name(env.get(i)).equals(name)) {
                if (entry.indexOf('=') < 0) {
                    env.remove(i);
                } else {
                    env.set(i, entry);
                }
                return;
            }
        }
        if (entry.indexOf('=') >= 0) {
            env.add(entry);
        }
    }

    private static String name(String entry) {
        int equals = entry.indexOf('=');
        return equals < 0 ? entry : entry.substring(0, equals);
    }
}
