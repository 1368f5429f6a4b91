package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.skiff.component.informer.Lister;
import io.skiff.model.quota.PersistentVolumeClaimQuota;

/** Quota of the claims in the informer's cache (see {@link PersistentVolumeClaimQuota}). */
final class PersistentVolumeClaimEvaluator extends ListedEvaluator<PersistentVolumeClaim> {

    PersistentVolumeClaimEvaluator(Lister<PersistentVolumeClaim> claims) {
        super(new PersistentVolumeClaimQuota(), claims);
    }
}
