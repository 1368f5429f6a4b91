package io.skiff.controllermanager.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * One sync of one namespace (serviceaccounts_controller.go syncNamespace): an active namespace gets
 * the ServiceAccounts every namespace has ("default") if they are missing; a terminating one gets
 * nothing new.
 */
final class ServiceAccountsSync implements Reconciler<String> {

    /** The ServiceAccounts kube-controller-manager ensures in every namespace. */
    static final List<String> ENSURED = List.of("default");

    private final Lister<Namespace> namespaces;
    private final Lister<ServiceAccount> serviceAccounts;
    private final Function<ServiceAccount, Mono<ServiceAccount>> create;
    private final Duration timeout;

    ServiceAccountsSync(
            Lister<Namespace> namespaces,
            Lister<ServiceAccount> serviceAccounts,
            Function<ServiceAccount, Mono<ServiceAccount>> create,
            Duration timeout) {
        this.namespaces = namespaces;
        this.serviceAccounts = serviceAccounts;
        this.create = create;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String name) {
        Optional<Namespace> namespace = namespaces.get(name);
        if (namespace.isEmpty()
                || namespace.get().getStatus() == null
                || !"Active".equals(namespace.get().getStatus().getPhase())) {
            return Result.done();
        }
        List<RuntimeException> failures = new ArrayList<>();
        for (String account : ENSURED) {
            if (serviceAccounts.get(name, account).isPresent()) {
                continue;
            }
            ServiceAccount wanted = new ServiceAccountBuilder()
                    .withNewMetadata()
                    .withNamespace(name)
                    .withName(account)
                    .endMetadata()
                    .build();
            try {
                create.apply(wanted).block(timeout);
            } catch (RuntimeException e) {
                // Already there (the cache lags), or the namespace started terminating meanwhile: fine.
                if (!ApiErrors.isAlreadyExists(e) && !ApiErrors.hasStatusCause(e, "NamespaceTerminating")) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return Result.done();
    }
}
