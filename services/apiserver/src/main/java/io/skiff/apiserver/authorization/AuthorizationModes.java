package io.skiff.apiserver.authorization;

import io.skiff.apiserver.authentication.NodeIdentity;
import io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy;
import io.skiff.apiserver.authorization.node.NodeAuthorizer;
import io.skiff.apiserver.authorization.node.NodeRelations;
import io.skiff.apiserver.authorization.rbac.PolicyRule;
import io.skiff.apiserver.authorization.rbac.RbacAuthorizer;
import io.skiff.apiserver.authorization.rbac.RbacPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The authorizer kube-apiserver's {@code --authorization-mode} builds: {@code system:masters}
 * first, then each mode in the order given (AlwaysAllow, AlwaysDeny, Node, RBAC), the first that
 * allows or denies deciding; and the matching rule resolver.
 */
public final class AuthorizationModes {

    public static final String ALWAYS_ALLOW = "AlwaysAllow";
    public static final String ALWAYS_DENY = "AlwaysDeny";
    public static final String NODE = "Node";
    public static final String RBAC = "RBAC";

    private static final Set<String> KNOWN = Set.of(ALWAYS_ALLOW, ALWAYS_DENY, NODE, RBAC);

    private final List<String> modes;
    private final Authorizer authorizer;
    private final RuleResolver ruleResolver;

    private AuthorizationModes(List<String> modes, Authorizer authorizer, RuleResolver ruleResolver) {
        this.modes = modes;
        this.authorizer = authorizer;
        this.ruleResolver = ruleResolver;
    }

    /**
     * @param rbacPolicy read only when RBAC is among the modes
     * @param nodeGraph read only when Node is among the modes
     * @throws IllegalArgumentException for an unknown, repeated or missing mode
     */
    public static AuthorizationModes of(
            List<String> modes, Supplier<RbacPolicy> rbacPolicy, Supplier<? extends NodeRelations> nodeGraph) {
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("at least one authorization-mode must be passed");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Authorizer> authorizers = new ArrayList<>();
        List<RuleResolver> resolvers = new ArrayList<>();
        authorizers.add(new PrivilegedGroups(Set.of(PrivilegedGroups.SYSTEM_MASTERS)));
        for (String mode : modes) {
            if (!KNOWN.contains(mode)) {
                throw new IllegalArgumentException("authorization-mode \"" + mode + "\" is not a valid mode");
            }
            if (!seen.add(mode)) {
                throw new IllegalArgumentException(
                        "authorization-mode \"" + mode + "\" has mode specified more than once");
            }
            switch (mode) {
                case ALWAYS_ALLOW -> {
                    authorizers.add(Authorizer.ALWAYS_ALLOW);
                    resolvers.add((user, namespace) -> new RuleResolver.Rules(
                            List.of(PolicyRule.resources(List.of("*"), List.of("*"), List.of("*"))),
                            List.of(PolicyRule.nonResource(List.of("*"), List.of("*"))),
                            false,
                            List.of()));
                }
                case ALWAYS_DENY -> {
                    authorizers.add(Authorizer.ALWAYS_DENY);
                    resolvers.add((user, namespace) -> RuleResolver.Rules.NONE);
                }
                case NODE -> {
                    NodeRelations graph = nodeGraph.get();
                    authorizers.add(new NodeAuthorizer(graph, BootstrapPolicy.nodeRules()));
                    resolvers.add((user, namespace) -> NodeIdentity.of(user).isPresent()
                            ? new RuleResolver.Rules(
                                    List.of(),
                                    List.of(),
                                    true,
                                    List.of("node authorizer does not support user rule resolution"))
                            : RuleResolver.Rules.NONE);
                }
                case RBAC -> {
                    authorizers.add(new RbacAuthorizer(rbacPolicy));
                    resolvers.add((user, namespace) -> {
                        RbacPolicy.ResolvedRules resolved = rbacPolicy.get().rulesFor(user, namespace);
                        return RuleResolver.Rules.of(resolved.rules(), resolved.errors());
                    });
                }
                default -> throw new IllegalStateException(mode);
            }
        }
        Authorizer union = new UnionAuthorizer(authorizers);
        RuleResolver resolver = (user, namespace) -> RuleResolver.Rules.union(
                resolvers.stream().map(r -> r.rulesFor(user, namespace)).toList());
        return new AuthorizationModes(List.copyOf(modes), union, resolver);
    }

    public List<String> modes() {
        return modes;
    }

    public boolean rbacEnabled() {
        return modes.contains(RBAC);
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public RuleResolver ruleResolver() {
        return ruleResolver;
    }
}
