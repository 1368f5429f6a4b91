package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.model.quota.QuotaEvaluator;
import java.util.List;

/**
 * A {@link QuotaEvaluator} that can also list the objects of a namespace from the informers' cache,
 * as the controller's evaluators list through their listers.
 *
 * @param <T> the kind of object
 */
interface UsageEvaluator<T extends HasMetadata> extends QuotaEvaluator<T> {

    /** The objects of the namespace, from the cache. */
    List<T> list(String namespace);
}
