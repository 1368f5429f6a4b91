package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.informer.Lister;
import io.skiff.model.quota.ObjectCountQuota;

/** Counting the objects of a kind in the informer's cache (see {@link ObjectCountQuota}). */
final class ObjectCountEvaluator<T extends HasMetadata> extends ListedEvaluator<T> {

    /**
     * @param legacyName the name quota used before count/ names existed ("secrets"), or null
     */
    ObjectCountEvaluator(String groupResource, String legacyName, Lister<T> objects) {
        super(new ObjectCountQuota<>(groupResource, legacyName), objects);
    }
}
