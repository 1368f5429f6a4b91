package io.skiff.apiserver.admission;

import java.util.List;

/**
 * Who makes a request, as user.Info. The API server does not authenticate requests yet, so {@link
 * Attributes#userInfo()} is null for now; plugins that would decide by user (NodeRestriction,
 * OwnerReferencesPermissionEnforcement) come with authentication.
 */
public record UserInfo(String name, String uid, List<String> groups) {

    public UserInfo {
        groups = List.copyOf(groups);
    }
}
