package io.skiff.controllermanager.clusterroleaggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.model.api.Statuses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ClusterRoleAggregationSyncTest {

    private static final String TO_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

    private final CacheIndexer<ClusterRole> roles = new CacheIndexer<>();
    private final List<ClusterRole> updates = new ArrayList<>();
    private Mono<ClusterRole> reply;

    private final ClusterRoleAggregationSync sync = new ClusterRoleAggregationSync(
            new Lister<>(roles),
            role -> {
                updates.add(role);
                return reply == null ? Mono.just(role) : reply;
            },
            Duration.ofSeconds(5));

    @Test
    void anAggregatingRoleGetsTheRulesOfTheRolesItsSelectorMatchesInNameOrderEachOnce() {
        roles.put(aggregating("view", TO_VIEW));
        roles.put(role("b-pods", Map.of(TO_VIEW, "true"), rule("pods", "get"), rule("services", "get")));
        roles.put(role("a-services", Map.of(TO_VIEW, "true"), rule("services", "get")));
        roles.put(role("unlabelled", Map.of(), rule("secrets", "get")));

        sync.sync("view");

        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).getRules()).containsExactly(rule("services", "get"), rule("pods", "get"));
        assertThat(updates.get(0).getAggregationRule())
                .isEqualTo(roles.list().stream()
                        .filter(r -> r.getMetadata().getName().equals("view"))
                        .findFirst()
                        .orElseThrow()
                        .getAggregationRule());
    }

    @Test
    void rulesAlreadyInPlaceAreNotWrittenAgain() {
        roles.put(new ClusterRoleBuilder(aggregating("view", TO_VIEW))
                .withRules(rule("pods", "get"))
                .build());
        roles.put(role("pods", Map.of(TO_VIEW, "true"), rule("pods", "get")));

        sync.sync("view");

        assertThat(updates).isEmpty();
    }

    @Test
    void rolesWithoutAnAggregationRuleAndMissingRolesAreLeftAlone() {
        roles.put(role("plain", Map.of(TO_VIEW, "true"), rule("pods", "get")));

        sync.sync("plain");
        sync.sync("gone");

        assertThat(updates).isEmpty();
    }

    @Test
    void aConflictingWriteIsNoFailure() {
        roles.put(aggregating("view", TO_VIEW));
        roles.put(role("pods", Map.of(TO_VIEW, "true"), rule("pods", "get")));
        reply = Mono.error(Statuses.conflict("rbac.authorization.k8s.io", "clusterroles", "view", "changed"));

        sync.sync("view");

        assertThat(updates).hasSize(1);
    }

    private static ClusterRole aggregating(String name, String label) {
        return new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewAggregationRule()
                .addNewClusterRoleSelector()
                .withMatchLabels(Map.of(label, "true"))
                .endClusterRoleSelector()
                .endAggregationRule()
                .build();
    }

    private static ClusterRole role(String name, Map<String, String> labels, PolicyRule... rules) {
        return new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withRules(rules)
                .build();
    }

    private static PolicyRule rule(String resource, String verb) {
        return new PolicyRuleBuilder()
                .withApiGroups("")
                .withResources(resource)
                .withVerbs(verb)
                .build();
    }
}
