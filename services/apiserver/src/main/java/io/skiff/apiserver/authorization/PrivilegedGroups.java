package io.skiff.apiserver.authorization;

import java.util.Set;

/**
 * Allows members of the privileged groups anything before any other authorizer is asked, as
 * kube-apiserver does for {@code system:masters}; everyone else gets no opinion.
 */
public final class PrivilegedGroups implements Authorizer {

    public static final String SYSTEM_MASTERS = "system:masters";

    private final Set<String> groups;

    public PrivilegedGroups(Set<String> groups) {
        this.groups = Set.copyOf(groups);
    }

    @Override
    public Decision authorize(RequestAttributes attributes) {
        if (attributes.user() != null) {
            for (String group : attributes.user().groups()) {
                if (groups.contains(group)) {
                    return Decision.ALLOW;
                }
            }
        }
        return Decision.NO_OPINION;
    }
}
