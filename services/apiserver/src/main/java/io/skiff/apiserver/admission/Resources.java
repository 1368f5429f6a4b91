package io.skiff.apiserver.admission;

import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;

/** The resource types plugins read. */
public final class Resources {

    public static final ResourceType NAMESPACES = type("", "v1", "namespaces");
    public static final ResourceType PODS = type("", "v1", "pods");
    public static final ResourceType SERVICE_ACCOUNTS = type("", "v1", "serviceaccounts");
    public static final ResourceType RESOURCE_QUOTAS = type("", "v1", "resourcequotas");
    public static final ResourceType LIMIT_RANGES = type("", "v1", "limitranges");
    public static final ResourceType PERSISTENT_VOLUME_CLAIMS = type("", "v1", "persistentvolumeclaims");
    public static final ResourceType PRIORITY_CLASSES = type("scheduling.k8s.io", "v1", "priorityclasses");
    public static final ResourceType STORAGE_CLASSES = type("storage.k8s.io", "v1", "storageclasses");

    private Resources() {}

    private static ResourceType type(String group, String version, String plural) {
        return ResourceCatalog.builtin().byPlural(group, version, plural).orElseThrow();
    }
}
