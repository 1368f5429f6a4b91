package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;

/**
 * Applies Kubernetes' API defaults (the SetDefaults_* functions and +default markers of the v1 API
 * types, Kubernetes 1.32 with its default feature gates) in place, as the Kubernetes API server does
 * whenever it decodes an object, from a request or from storage.
 *
 * <p>It also writes the fields Kubernetes' Go encoder always emits (struct-typed and non-omitempty
 * fields such as {@code status: {}} or a template's {@code creationTimestamp: null}) and spells
 * resource quantities canonically, so objects read back look like Kubernetes'. Fields it does not
 * know are kept untouched; kinds without defaults are left as they are. Applying it twice changes
 * nothing more than applying it once.
 */
public final class ObjectDefaulting {

    private final KindTable table;

    private ObjectDefaulting(KindTable table) {
        this.table = table;
    }

    /** The defaults of every built-in kind Kubernetes defaults. */
    public static ObjectDefaulting builtin() {
        KindTable table = new KindTable();
        CoreV1Defaults.addTo(table);
        AppsV1Defaults.addTo(table);
        BatchV1Defaults.addTo(table);
        AutoscalingDefaults.addTo(table);
        NetworkingV1Defaults.addTo(table);
        DiscoveryV1Defaults.addTo(table);
        PolicyV1Defaults.addTo(table);
        RbacV1Defaults.addTo(table);
        StorageV1Defaults.addTo(table);
        SchedulingV1Defaults.addTo(table);
        AdmissionRegistrationV1Defaults.addTo(table);
        ApiExtensionsV1Defaults.addTo(table);
        return new ObjectDefaulting(table);
    }

    /** Defaults {@code obj}, a whole object of {@code type}, in place. */
    public void applyDefaults(ResourceType type, ObjectNode obj) {
        ObjectMutator defaults = table.find(type);
        if (defaults != null) {
            defaults.mutate(obj);
        }
    }
}
