package io.skiff.apiserver.admission.plugins;

import io.skiff.apiserver.admission.AdmissionChain;
import io.skiff.apiserver.admission.AdmissionPlugin;
import io.skiff.apiserver.admission.AdmissionReads;
import io.skiff.apiserver.admission.defaulttolerationseconds.DefaultTolerationSeconds;
import io.skiff.apiserver.admission.limitranger.LimitRanger;
import io.skiff.apiserver.admission.namespacelifecycle.NamespaceLifecycle;
import io.skiff.apiserver.admission.noderestriction.NodeRestriction;
import io.skiff.apiserver.admission.priority.Priority;
import io.skiff.apiserver.admission.storageclass.DefaultStorageClass;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The admission plugins this API server has, by name, in the order they run: kube-apiserver's
 * AllOrderedPlugins order, whatever order they are enabled in. All are on by default; as with
 * --enable-admission-plugins and --disable-admission-plugins, the chain is the defaults plus the
 * enabled, minus the disabled, and an unknown name is an error.
 */
public final class AdmissionPlugins {

    /** What a plugin is built from. */
    public record Context(AdmissionReads reads, Clock clock) {}

    private static final Map<String, Function<Context, AdmissionPlugin>> ORDERED = ordered();

    private AdmissionPlugins() {}

    private static Map<String, Function<Context, AdmissionPlugin>> ordered() {
        Map<String, Function<Context, AdmissionPlugin>> plugins = new LinkedHashMap<>();
        plugins.put(NamespaceLifecycle.NAME, c -> new NamespaceLifecycle(c.reads(), c.clock()));
        plugins.put(LimitRanger.NAME, c -> new LimitRanger(c.reads()));
        plugins.put(NodeRestriction.NAME, c -> new NodeRestriction());
        plugins.put(Priority.NAME, c -> new Priority(c.reads()));
        plugins.put(DefaultTolerationSeconds.NAME, c -> new DefaultTolerationSeconds());
        plugins.put(DefaultStorageClass.NAME, c -> new DefaultStorageClass(c.reads()));
        return plugins;
    }

    /** Every plugin name, in chain order. */
    public static List<String> names() {
        return List.copyOf(ORDERED.keySet());
    }

    /** The plugins on when nothing is enabled or disabled: all of them. */
    public static Set<String> defaultOn() {
        return ORDERED.keySet();
    }

    /**
     * The chain of the default plugins plus {@code enabled} minus {@code disabled}, in chain order.
     *
     * @throws IllegalArgumentException naming a plugin that does not exist, or one both enabled and
     *     disabled
     */
    public static AdmissionChain chain(Collection<String> enabled, Collection<String> disabled, Context context) {
        checkKnown("enable-admission-plugins", enabled);
        checkKnown("disable-admission-plugins", disabled);
        for (String name : enabled) {
            if (disabled.contains(name)) {
                throw new IllegalArgumentException(
                        name + " in enable-admission-plugins and disable-admission-plugins " + "overlapped");
            }
        }
        List<AdmissionPlugin> plugins = new ArrayList<>();
        ORDERED.forEach((name, factory) -> {
            boolean on = (defaultOn().contains(name) || enabled.contains(name)) && !disabled.contains(name);
            if (on) {
                plugins.add(factory.apply(context));
            }
        });
        return new AdmissionChain(plugins);
    }

    private static void checkKnown(String setting, Collection<String> names) {
        for (String name : names) {
            if (!ORDERED.containsKey(name)) {
                throw new IllegalArgumentException(
                        setting + " plugin \"" + name + "\" is unknown; known plugins: " + String.join(", ", names()));
            }
        }
    }
}
