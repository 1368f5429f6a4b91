package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.Service;
import io.skiff.component.informer.Lister;
import io.skiff.model.quota.ServiceQuota;

/** Quota of the services in the informer's cache (see {@link ServiceQuota}). */
final class ServiceEvaluator extends ListedEvaluator<Service> {

    ServiceEvaluator(Lister<Service> services) {
        super(new ServiceQuota(), services);
    }
}
