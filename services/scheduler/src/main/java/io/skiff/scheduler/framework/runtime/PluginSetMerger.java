package io.skiff.scheduler.framework.runtime;

import io.skiff.scheduler.framework.PluginRef;
import io.skiff.scheduler.framework.PluginSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges a profile's plugin set over the default one for the same extension point, as
 * kube-scheduler's v1 defaulting does: defaults keep their order unless disabled (or all are, with
 * "*"); a default the profile enables again is replaced in place (e.g. to change its weight); the
 * profile's other plugins follow.
 */
final class PluginSetMerger {

    private PluginSetMerger() {}

    static PluginSet merge(PluginSet defaults, PluginSet custom) {
        Set<String> disabled = new LinkedHashSet<>(custom.disabled());
        disabled.addAll(defaults.disabled());
        Map<String, Integer> customIndex = new HashMap<>();
        for (int i = 0; i < custom.enabled().size(); i++) {
            customIndex.putIfAbsent(custom.enabled().get(i).name(), i);
        }
        Set<Integer> replaced = new HashSet<>();
        List<PluginRef> enabled = new ArrayList<>();
        if (!disabled.contains(PluginSet.ALL)) {
            for (PluginRef plugin : defaults.enabled()) {
                if (disabled.contains(plugin.name())) {
                    continue;
                }
                Integer index = customIndex.get(plugin.name());
                if (index != null) {
                    enabled.add(custom.enabled().get(index));
                    replaced.add(index);
                } else {
                    enabled.add(plugin);
                }
            }
        }
        for (int i = 0; i < custom.enabled().size(); i++) {
            if (!replaced.contains(i)) {
                // duplicates survive here on purpose: the framework refuses them with a clear error
                enabled.add(custom.enabled().get(i));
            }
        }
        return new PluginSet(enabled, new ArrayList<>(disabled));
    }
}
