package io.skiff.apiserver.admission;

import java.util.List;

/**
 * The enabled plugins in their fixed order, as kube-apiserver's admission chain: {@link #admit}
 * runs the mutating ones, {@link #validate} the validating ones, each in order, and the first
 * refusal ends the request.
 */
public final class AdmissionChain {

    private static final AdmissionChain NONE = new AdmissionChain(List.of());

    private final List<AdmissionPlugin> plugins;
    private final List<MutatingAdmission> mutating;
    private final List<ValidatingAdmission> validating;

    public AdmissionChain(List<? extends AdmissionPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
        this.mutating = this.plugins.stream()
                .filter(MutatingAdmission.class::isInstance)
                .map(MutatingAdmission.class::cast)
                .toList();
        this.validating = this.plugins.stream()
                .filter(ValidatingAdmission.class::isInstance)
                .map(ValidatingAdmission.class::cast)
                .toList();
    }

    /** A chain that admits everything unchanged. */
    public static AdmissionChain none() {
        return NONE;
    }

    /**
     * This chain with {@code check} run after its validating plugins: for checks that belong to the
     * write path itself (RBAC's escalation checks), which no plugin setting turns off.
     */
    public AdmissionChain then(ValidatingAdmission check) {
        List<AdmissionPlugin> all = new java.util.ArrayList<>(plugins);
        all.add(check);
        return new AdmissionChain(all);
    }

    public List<String> names() {
        return plugins.stream().map(AdmissionPlugin::name).toList();
    }

    /** Runs the mutating plugins that handle the operation; they may change the object. */
    public void admit(Attributes attributes) {
        for (MutatingAdmission plugin : mutating) {
            if (plugin.handles(attributes.operation())) {
                plugin.admit(attributes);
            }
        }
    }

    /** Runs the validating plugins that handle the operation. */
    public void validate(Attributes attributes) {
        for (ValidatingAdmission plugin : validating) {
            if (plugin.handles(attributes.operation())) {
                plugin.validate(attributes);
            }
        }
    }

    /** Whether some plugin may read the database for this request (see {@link AdmissionPlugin#readsStorage}). */
    public boolean readsStorage(Attributes attributes) {
        for (AdmissionPlugin plugin : plugins) {
            if (plugin.handles(attributes.operation()) && plugin.readsStorage(attributes)) {
                return true;
            }
        }
        return false;
    }
}
