package io.skiff.controllermanager.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.model.api.Statuses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ServiceAccountsSyncTest {

    private final CacheIndexer<Namespace> namespaces = new CacheIndexer<>();
    private final CacheIndexer<ServiceAccount> accounts = new CacheIndexer<>();
    private final List<String> created = new ArrayList<>();
    private Mono<ServiceAccount> reply;

    private final ServiceAccountsSync sync = new ServiceAccountsSync(
            new Lister<>(namespaces),
            new Lister<>(accounts),
            account -> {
                created.add(account.getMetadata().getNamespace() + "/"
                        + account.getMetadata().getName());
                return reply == null ? Mono.just(account) : reply;
            },
            Duration.ofSeconds(5));

    @Test
    void anActiveNamespaceWithoutADefaultServiceAccountGetsOne() {
        namespaces.put(namespace("team", "Active"));

        sync.sync("team");

        assertThat(created).containsExactly("team/default");
    }

    @Test
    void anExistingDefaultServiceAccountIsKept() {
        namespaces.put(namespace("team", "Active"));
        accounts.put(new ServiceAccountBuilder()
                .withNewMetadata()
                .withNamespace("team")
                .withName("default")
                .endMetadata()
                .build());

        sync.sync("team");

        assertThat(created).isEmpty();
    }

    @Test
    void aTerminatingNamespaceGetsNothingNew() {
        namespaces.put(namespace("doomed", "Terminating"));

        sync.sync("doomed");

        assertThat(created).isEmpty();
    }

    @Test
    void aServiceAccountCreatedMeanwhileIsNoFailure() {
        namespaces.put(namespace("team", "Active"));
        reply = Mono.error(Statuses.alreadyExists("", "serviceaccounts", "default"));

        sync.sync("team");

        assertThat(created).containsExactly("team/default");
    }

    private static Namespace namespace(String name, String phase) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }
}
