package io.skiff.apiserver.admission.plugins;

import io.skiff.apiserver.admission.AdmissionChain;
import io.skiff.apiserver.admission.AdmissionPlugin;
import io.skiff.apiserver.admission.AdmissionReads;
import io.skiff.apiserver.admission.AdmissionWrites;
import io.skiff.apiserver.admission.defaulttolerationseconds.DefaultTolerationSeconds;
import io.skiff.apiserver.admission.limitranger.LimitRanger;
import io.skiff.apiserver.admission.namespacelifecycle.NamespaceLifecycle;
import io.skiff.apiserver.admission.noderestriction.NodeRestriction;
import io.skiff.apiserver.admission.podsecurity.PodSecurityAdmission;
import io.skiff.apiserver.admission.priority.Priority;
import io.skiff.apiserver.admission.resourcequota.ResourceQuotaAdmission;
import io.skiff.apiserver.admission.serviceaccount.ServiceAccountAdmission;
import io.skiff.apiserver.admission.serviceaccount.TokenVolume;
import io.skiff.apiserver.admission.storageclass.DefaultStorageClass;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The admission plugins this API server has, by name, in the order they run: kube-apiserver's
 * AllOrderedPlugins order, whatever order they are enabled in. All but {@link #DEFAULT_OFF} are on by default; as with
 * --enable-admission-plugins and --disable-admission-plugins, the chain is the defaults plus the
 * enabled, minus the disabled, and an unknown name is an error.
 */
public final class AdmissionPlugins {

    /**
     * What a plugin is built from.
     *
     * @param reads the watch cache and live reads
     * @param clock the time
     * @param servesTls whether the API server serves HTTPS, so that pods have a CA to trust
     * @param writes how plugins change other objects (ResourceQuota's status)
     */
    public record Context(AdmissionReads reads, Clock clock, boolean servesTls, AdmissionWrites writes) {

        /** For a plain HTTP API server whose plugins cannot write. */
        public Context(AdmissionReads reads, Clock clock) {
            this(reads, clock, false, AdmissionWrites.NONE);
        }
    }

    /**
     * Plugins kube-apiserver runs by default that this one runs only when enabled: ServiceAccount,
     * until the kubelet can request the bound tokens its volume projects.
     */
    private static final Set<String> DEFAULT_OFF = Set.of(ServiceAccountAdmission.NAME);

    private static final Map<String, Function<Context, AdmissionPlugin>> ORDERED = ordered();

    private AdmissionPlugins() {}

    private static Map<String, Function<Context, AdmissionPlugin>> ordered() {
        Map<String, Function<Context, AdmissionPlugin>> plugins = new LinkedHashMap<>();
        plugins.put(NamespaceLifecycle.NAME, c -> new NamespaceLifecycle(c.reads(), c.clock()));
        plugins.put(LimitRanger.NAME, c -> new LimitRanger(c.reads()));
        plugins.put(
                ServiceAccountAdmission.NAME,
                c -> new ServiceAccountAdmission(c.reads(), new TokenVolume(c.servesTls(), new SecureRandom())));
        plugins.put(NodeRestriction.NAME, c -> new NodeRestriction());
        plugins.put(PodSecurityAdmission.NAME, c -> new PodSecurityAdmission(c.reads()));
        plugins.put(Priority.NAME, c -> new Priority(c.reads()));
        plugins.put(DefaultTolerationSeconds.NAME, c -> new DefaultTolerationSeconds());
        plugins.put(DefaultStorageClass.NAME, c -> new DefaultStorageClass(c.reads()));
        plugins.put(ResourceQuotaAdmission.NAME, c -> new ResourceQuotaAdmission(c.reads(), c.writes(), c.clock()));
        return plugins;
    }

    /** Every plugin name, in chain order. */
    public static List<String> names() {
        return List.copyOf(ORDERED.keySet());
    }

    /** The plugins on when nothing is enabled or disabled. */
    public static Set<String> defaultOn() {
        Set<String> on = new LinkedHashSet<>(ORDERED.keySet());
        on.removeAll(DEFAULT_OFF);
        return on;
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
        Set<String> defaults = defaultOn();
        ORDERED.forEach((name, factory) -> {
            boolean on = (defaults.contains(name) || enabled.contains(name)) && !disabled.contains(name);
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
