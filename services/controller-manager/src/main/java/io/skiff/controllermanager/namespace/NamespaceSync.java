package io.skiff.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import java.time.Duration;

/**
 * One sync of one namespace (namespace_controller.go syncNamespaceFromKey): a namespace being
 * deleted is emptied and released; while content remains, it is looked at again after half the
 * estimated time it needs.
 */
final class NamespaceSync implements Reconciler<String> {

    private final Lister<Namespace> namespaces;
    private final NamespacedResourcesDeleter deleter;

    NamespaceSync(Lister<Namespace> namespaces, NamespacedResourcesDeleter deleter) {
        this.namespaces = namespaces;
        this.deleter = deleter;
    }

    @Override
    public Result sync(String name) {
        if (namespaces.get(name).isEmpty()) {
            return Result.done();
        }
        long estimate = deleter.delete(name);
        if (estimate > 0) {
            return Result.requeueAfter(Duration.ofSeconds(estimate / 2 + 1));
        }
        return Result.done();
    }
}
