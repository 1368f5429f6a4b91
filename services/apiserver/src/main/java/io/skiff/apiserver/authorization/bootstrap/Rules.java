package io.skiff.apiserver.authorization.bootstrap;

import io.skiff.apiserver.authorization.rbac.PolicyRule;
import java.util.List;

/** A small builder for policy rules, as rbacv1helpers.NewRule(verbs).Groups(..).Resources(..). */
final class Rules {

    private final List<String> verbs;
    private List<String> groups = List.of();
    private List<String> resources = List.of();
    private List<String> names = List.of();

    private Rules(List<String> verbs) {
        this.verbs = verbs;
    }

    static Rules rule(String... verbs) {
        return new Rules(List.of(verbs));
    }

    Rules groups(String... groups) {
        this.groups = List.of(groups);
        return this;
    }

    Rules resources(String... resources) {
        this.resources = List.of(resources);
        return this;
    }

    Rules names(String... names) {
        this.names = List.of(names);
        return this;
    }

    PolicyRule build() {
        return new PolicyRule(verbs, groups, resources, names, List.of());
    }

    PolicyRule urls(String... urls) {
        return PolicyRule.nonResource(verbs, List.of(urls));
    }
}
