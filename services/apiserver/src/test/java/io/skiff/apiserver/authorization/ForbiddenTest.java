package io.skiff.apiserver.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.model.api.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 403 of a denied request, worded as Kubernetes' responsewriters.Forbidden. */
class ForbiddenTest {

    private static final UserInfo ALICE = new UserInfo("alice", null, List.of(UserInfo.AUTHENTICATED));

    @Test
    void aNamespacedListNamesTheNamespace() {
        ApiException error = Forbidden.of(RequestAttributes.resource(ALICE, "list", "", "pods", "", "default", ""), "");

        assertThat(error.code()).isEqualTo(403);
        assertThat(error.status().getReason()).isEqualTo("Forbidden");
        assertThat(error.status().getMessage())
                .isEqualTo("pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in the"
                        + " namespace \"default\"");
        assertThat(error.status().getDetails().getKind()).isEqualTo("pods");
        assertThat(error.status().getDetails().getName()).isNull();
    }

    @Test
    void aClusterScopedSubresourceWithAReason() {
        ApiException error = Forbidden.of(
                RequestAttributes.resource(ALICE, "update", "apps", "deployments", "scale", "", "web"),
                "RBAC: clusterrole.rbac.authorization.k8s.io \"gone\" not found");

        assertThat(error.status().getMessage())
                .isEqualTo("deployments.apps \"web\" is forbidden: User \"alice\" cannot update resource"
                        + " \"deployments/scale\" in API group \"apps\" at the cluster scope: RBAC:"
                        + " clusterrole.rbac.authorization.k8s.io \"gone\" not found");
        assertThat(error.status().getDetails().getGroup()).isEqualTo("apps");
        assertThat(error.status().getDetails().getName()).isEqualTo("web");
    }

    @Test
    void aPathAndAnEscapedName() {
        assertThat(Forbidden.of(RequestAttributes.nonResource(ALICE, "get", "/foo"), "")
                        .status()
                        .getMessage())
                .isEqualTo("forbidden: User \"alice\" cannot get path \"/foo\"");
        assertThat(Forbidden.of(RequestAttributes.nonResource(ALICE, "get", "/<script>"), "")
                        .status()
                        .getMessage())
                .isEqualTo("forbidden: User \"alice\" cannot get path \"/&lt;script&gt;\"");
    }
}
