package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * A cluster that an earlier Skiff's default policy gave {@code system:skiff:node-object-watcher}
 * (nodes could list and watch every ConfigMap, Secret, claim and volume) loses it when an API
 * server with RBAC starts, unless the cluster opted it out of updates.
 */
class RetiredPolicyIntegrationTest {

    private static final String ROLES = "/apis/rbac.authorization.k8s.io/v1/clusterroles";
    private static final String BINDINGS = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings";
    private static final String NAME = "system:skiff:node-object-watcher";

    @Test
    void theNodeObjectWatcherRoleAndBindingAreDeletedAtStart() {
        String database = TestPostgres.newDatabase();
        try (ApiServerInstance before = ApiServerInstance.onDatabase(database)) {
            KubeHttp http = new KubeHttp(before.baseUrl());
            assertThat(http.post(ROLES, """
                            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole",
                             "metadata":{"name":"%s","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},
                                         "annotations":{"rbac.authorization.kubernetes.io/autoupdate":"true"}},
                             "rules":[{"apiGroups":[""],"resources":["secrets","configmaps"],
                                       "verbs":["list","watch"]}]}""".formatted(NAME)).code()).isEqualTo(201);
            // the binding was opted out of updates: the cluster keeps it
            assertThat(http.post(BINDINGS, """
                            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding",
                             "metadata":{"name":"%s","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},
                                         "annotations":{"rbac.authorization.kubernetes.io/autoupdate":"false"}},
                             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"%s"},
                             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group",
                                          "name":"system:nodes"}]}""".formatted(NAME, NAME)).code()).isEqualTo(201);
        }

        try (ApiServerInstance after =
                ApiServerInstance.onDatabase(database, "--skiff.apiserver.authorization.modes=RBAC,AlwaysAllow")) {
            KubeHttp http = new KubeHttp(after.baseUrl());
            assertThat(http.get(ROLES + "/" + NAME).code()).isEqualTo(404);
            assertThat(http.get(BINDINGS + "/" + NAME).code()).isEqualTo(200);
            assertThat(http.get(ROLES + "/system:node").code())
                    .as("the rest of the default policy is there")
                    .isEqualTo(200);
        }
    }
}
