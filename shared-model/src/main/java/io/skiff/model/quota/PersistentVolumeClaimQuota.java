package io.skiff.model.quota;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quota of persistent volume claims (evaluator/core/persistent_volume_claims.go): each claim
 * counts once and its requested storage (or, when larger, what was allocated on resize), rounded
 * up to whole bytes; both also under its storage class
 * ({@code <class>.storageclass.storage.k8s.io/persistentvolumeclaims} and {@code .../requests.storage}).
 */
public final class PersistentVolumeClaimQuota implements QuotaEvaluator<PersistentVolumeClaim> {

    public static final String OBJECT_COUNT = QuotaEvaluator.objectCountName("persistentvolumeclaims");
    public static final String CLAIMS = "persistentvolumeclaims";
    public static final String REQUESTS_STORAGE = "requests.storage";
    public static final String STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";

    /** The beta annotation that wins over spec.storageClassName (v1.BetaStorageClassAnnotation). */
    private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    private static final List<String> RESOURCES = List.of(CLAIMS, REQUESTS_STORAGE);

    @Override
    public String groupResource() {
        return "persistentvolumeclaims";
    }

    @Override
    public List<String> matchingResources(Collection<String> names) {
        List<String> matching = new ArrayList<>();
        for (String name : names) {
            if (name.equals(OBJECT_COUNT)
                    || RESOURCES.contains(name)
                    || RESOURCES.stream().anyMatch(r -> name.endsWith(STORAGE_CLASS_SUFFIX + r))) {
                matching.add(name);
            }
        }
        return matching;
    }

    @Override
    public Map<String, ResourceAmount> usage(PersistentVolumeClaim claim) {
        Map<String, ResourceAmount> usage = new LinkedHashMap<>();
        usage.put(CLAIMS, ResourceAmount.of(1));
        usage.put(OBJECT_COUNT, ResourceAmount.of(1));
        String storageClass = storageClass(claim);
        if (!storageClass.isEmpty()) {
            usage.put(storageClass + STORAGE_CLASS_SUFFIX + CLAIMS, ResourceAmount.of(1));
        }
        ResourceAmount storage = storageUsage(claim);
        if (storage != null) {
            usage.put(REQUESTS_STORAGE, storage);
            if (!storageClass.isEmpty()) {
                usage.put(storageClass + STORAGE_CLASS_SUFFIX + REQUESTS_STORAGE, storage);
            }
        }
        return usage;
    }

    /** storagehelpers.GetPersistentVolumeClaimClass. */
    public static String storageClass(PersistentVolumeClaim claim) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(BETA_STORAGE_CLASS)) {
            return annotations.get(BETA_STORAGE_CLASS);
        }
        String name = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
        return name == null ? "" : name;
    }

    /** getStorageUsage: the request, or the allocated size when larger, in whole bytes. */
    private static ResourceAmount storageUsage(PersistentVolumeClaim claim) {
        ResourceAmount result = null;
        Quantity requested = claim.getSpec() == null || claim.getSpec().getResources() == null
                ? null
                : requests(claim.getSpec().getResources().getRequests());
        if (requested != null) {
            result = ResourceAmount.of(requested).roundedUp();
        }
        Quantity allocated =
                claim.getStatus() == null ? null : requests(claim.getStatus().getAllocatedResources());
        if (allocated != null) {
            ResourceAmount amount = ResourceAmount.of(allocated);
            if (result == null || amount.value().compareTo(result.value()) > 0) {
                result = amount.roundedUp();
            }
        }
        return result;
    }

    private static Quantity requests(Map<String, Quantity> list) {
        return list == null ? null : list.get("storage");
    }
}
