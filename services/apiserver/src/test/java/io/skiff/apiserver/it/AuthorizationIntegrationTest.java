package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.PemFiles;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An API server with {@code Node,RBAC} over HTTPS, reached with client certificates of several
 * identities, by HTTP and by the real kubectl: default roles, 403 messages, {@code kubectl auth
 * can-i} (and {@code --list}), the node authorizer and RBAC's escalation checks.
 */
class AuthorizationIntegrationTest {

    private static final char[] PASSWORD = "unused".toCharArray();

    @TempDir
    static Path work;

    private static ClusterPki pki;
    private static ApiServerInstance server;
    private static String url;
    private static HttpClient admin;
    private static HttpClient alice;
    private static HttpClient nodeA;

    @BeforeAll
    static void start() throws Exception {
        pki = ClusterPki.open(work.resolve("tls"), Clock.systemUTC());
        server = ApiServerInstance.overTls(
                TestPostgres.newDatabase(), pki, "--skiff.apiserver.authorization.modes=Node,RBAC");
        url = server.httpsUrl();
        admin = client(pki.client("admin", "system:admin", List.of("system:masters")));
        alice = client(pki.client("alice", "alice", List.of("developers")));
        nodeA = client(pki.client("node-a", "system:node:node-a", List.of("system:nodes")));

        for (String namespace : List.of("team", "other")) {
            assertThat(send(admin, "POST", "/api/v1/namespaces", """
                    {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"}}""".formatted(namespace))
                            .statusCode())
                    .isEqualTo(201);
        }
        assertThat(send(admin, "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/team/roles", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"pod-reader"},
                 "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list","watch"]}]}""")
                        .statusCode())
                .isEqualTo(201);
        assertThat(send(admin, "POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"developers-read"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-reader"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"developers"}]}""")
                        .statusCode())
                .isEqualTo(201);
        for (String[] secret : List.of(new String[] {"team", "a-secret"}, new String[] {"other", "b-secret"})) {
            assertThat(send(admin, "POST", "/api/v1/namespaces/" + secret[0] + "/secrets", """
                    {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s"},"stringData":{"k":"v"}}""".formatted(secret[1]))
                            .statusCode())
                    .isEqualTo(201);
        }
        assertThat(send(admin, "POST", "/api/v1/namespaces/team/pods", pod("on-a", "node-a", "a-secret"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(send(admin, "POST", "/api/v1/namespaces/other/pods", pod("on-b", "node-b", "b-secret"))
                        .statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theDefaultRolesAndBindingsExistAndAreMarkedAsBootstrapped() throws Exception {
        JsonNode role = json(send(admin, "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/cluster-admin", null));
        assertThat(role.at("/metadata/labels/kubernetes.io~1bootstrapping").asText())
                .isEqualTo("rbac-defaults");
        assertThat(role.at("/metadata/annotations/rbac.authorization.kubernetes.io~1autoupdate")
                        .asText())
                .isEqualTo("true");
        JsonNode view = json(send(admin, "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/view", null));
        assertThat(view.at("/aggregationRule/clusterRoleSelectors/0/matchLabels")
                        .toString())
                .isEqualTo("{\"rbac.authorization.k8s.io/aggregate-to-view\":\"true\"}");
        JsonNode publicInfo = json(send(
                admin,
                "GET",
                "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:public-info-viewer",
                null));
        assertThat(publicInfo.at("/subjects").findValuesAsText("name"))
                .containsExactly("system:authenticated", "system:unauthenticated");

        Kubectl.Result names = kubectl("admin", admin()).run("get", "clusterroles", "-o", "name");
        assertThat(names.exitCode()).as(names.stderr()).isZero();
        assertThat(names.out())
                .contains(
                        "clusterrole.rbac.authorization.k8s.io/admin",
                        "clusterrole.rbac.authorization.k8s.io/edit",
                        "clusterrole.rbac.authorization.k8s.io/system:node",
                        "clusterrole.rbac.authorization.k8s.io/system:kube-scheduler",
                        "clusterrole.rbac.authorization.k8s.io/system:controller:deployment-controller",
                        "clusterrole.rbac.authorization.k8s.io/system:skiff:ingress-controller");
    }

    @Test
    void theNamespacedDefaultRolesAndBindingsExistInTheReservedNamespaces() throws Exception {
        Kubectl kubectl = kubectl("admin-ns", admin());
        Kubectl.Result roles = kubectl.run(
                "get",
                "roles",
                "-A",
                "-o",
                "custom-columns=NS:.metadata.namespace,NAME:.metadata.name",
                "--no-headers");
        assertThat(roles.exitCode()).as(roles.stderr()).isZero();
        assertThat(roles.out().lines().map(line -> line.strip().replaceAll("\\s+", " ")))
                .contains(
                        "kube-public system:controller:bootstrap-signer",
                        "kube-system extension-apiserver-authentication-reader",
                        "kube-system system::leader-locking-kube-controller-manager",
                        "kube-system system::leader-locking-kube-scheduler",
                        "kube-system system:controller:bootstrap-signer",
                        "kube-system system:controller:cloud-provider",
                        "kube-system system:controller:token-cleaner");

        Kubectl.Result bindings = kubectl.run("get", "rolebindings", "-n", "kube-system", "-o", "wide", "--no-headers");
        assertThat(bindings.exitCode()).as(bindings.stderr()).isZero();
        assertThat(bindings.out())
                .containsPattern("system::extension-apiserver-authentication-reader\\s+"
                        + "Role/extension-apiserver-authentication-reader\\s+\\S+\\s+"
                        + "system:kube-controller-manager, system:kube-scheduler")
                .containsPattern("system::leader-locking-kube-scheduler\\s+Role/system::leader-locking-kube-scheduler"
                        + "\\s+\\S+\\s+system:kube-scheduler\\s+kube-system/kube-scheduler");

        JsonNode signer = json(send(
                admin,
                "GET",
                "/apis/rbac.authorization.k8s.io/v1/namespaces/kube-public/roles/system:controller:bootstrap-signer",
                null));
        assertThat(signer.at("/metadata/labels/kubernetes.io~1bootstrapping").asText())
                .isEqualTo("rbac-defaults");
        assertThat(signer.at("/rules/1").toString())
                .isEqualTo("{\"verbs\":[\"update\"],\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],"
                        + "\"resourceNames\":[\"cluster-info\"]}");

        Kubectl.Result canI = kubectl.run(
                "auth",
                "can-i",
                "update",
                "configmaps/cluster-info",
                "-n",
                "kube-public",
                "--as=system:serviceaccount:kube-system:bootstrap-signer");
        assertThat(canI.out()).isEqualTo("yes");
    }

    @Test
    void aDeniedRequestIsA403WithKubernetesMessage() throws Exception {
        HttpResponse<String> pods = send(alice, "GET", "/api/v1/namespaces/default/pods", null);
        assertThat(pods.statusCode()).isEqualTo(403);
        JsonNode status = KubeJson.mapper().readTree(pods.body());
        assertThat(status.path("reason").asText()).isEqualTo("Forbidden");
        assertThat(status.path("message").asText())
                .isEqualTo("pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in the"
                        + " namespace \"default\"");
        assertThat(status.path("details").toString()).isEqualTo("{\"kind\":\"pods\"}");

        HttpResponse<String> deployment = send(alice, "DELETE", "/apis/apps/v1/namespaces/team/deployments/web", null);
        assertThat(KubeJson.mapper().readTree(deployment.body()).path("message").asText())
                .isEqualTo("deployments.apps \"web\" is forbidden: User \"alice\" cannot delete resource"
                        + " \"deployments\" in API group \"apps\" in the namespace \"team\"");

        HttpResponse<String> path = send(alice, "GET", "/foo", null);
        assertThat(path.statusCode()).isEqualTo(403);
        assertThat(KubeJson.mapper().readTree(path.body()).path("message").asText())
                .isEqualTo("forbidden: User \"alice\" cannot get path \"/foo\"");

        assertThat(send(alice, "GET", "/api/v1/namespaces/team/pods", null).statusCode())
                .isEqualTo(200);
        assertThat(send(alice, "GET", "/version", null).statusCode()).isEqualTo(200);
    }

    @Test
    void kubectlAuthCanIAnswersForEachIdentity() throws Exception {
        Kubectl asAlice = kubectl("alice", pki.client("alice-kubectl", "alice", List.of("developers")));
        Kubectl.Result inTeam = asAlice.run("auth", "can-i", "list", "pods", "-n", "team");
        assertThat(inTeam.exitCode()).as(inTeam.stderr()).isZero();
        assertThat(inTeam.out().strip()).isEqualTo("yes");
        Kubectl.Result inDefault = asAlice.run("auth", "can-i", "delete", "pods", "-n", "default");
        assertThat(inDefault.exitCode()).isEqualTo(1);
        assertThat(inDefault.out().strip()).isEqualTo("no");

        Kubectl.Result list = asAlice.run("auth", "can-i", "--list", "-n", "team");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.out()).containsPattern("pods\\s+\\[\\]\\s+\\[\\]\\s+\\[get list watch\\]");
        assertThat(list.out()).contains("selfsubjectaccessreviews.authorization.k8s.io");

        Kubectl.Result asAdmin = kubectl("admin", admin()).run("auth", "can-i", "*", "*");
        assertThat(asAdmin.out().strip()).isEqualTo("yes");
        Kubectl.Result impersonatedCheck =
                kubectl("admin", admin()).run("auth", "can-i", "get", "nodes", "--as", "system:kube-scheduler");
        assertThat(impersonatedCheck.out().strip()).isEqualTo("yes");
    }

    @Test
    void aSubjectAccessReviewTellsWhyAndForWhom() throws Exception {
        HttpResponse<String> review = send(admin, "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", """
                {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
                 "spec":{"user":"bob","groups":["developers"],
                         "resourceAttributes":{"namespace":"team","verb":"watch","resource":"pods"}}}""");
        assertThat(review.statusCode()).isEqualTo(201);
        JsonNode status = KubeJson.mapper().readTree(review.body()).path("status");
        assertThat(status.path("allowed").asBoolean()).isTrue();
        assertThat(status.path("reason").asText())
                .isEqualTo("RBAC: allowed by RoleBinding \"developers-read/team\" of Role \"pod-reader\" to Group"
                        + " \"developers\"");

        HttpResponse<String> invalid = send(admin, "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", """
                {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
                 "spec":{"resourceAttributes":{"verb":"get","resource":"pods"}}}""");
        assertThat(invalid.statusCode()).isEqualTo(422);
    }

    @Test
    void aNodeReadsOnlyTheSecretsOfItsOwnPods() throws Exception {
        assertThat(send(nodeA, "GET", "/api/v1/namespaces/team/secrets/a-secret", null)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> other = send(nodeA, "GET", "/api/v1/namespaces/other/secrets/b-secret", null);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(KubeJson.mapper().readTree(other.body()).path("message").asText())
                .isEqualTo("secrets \"b-secret\" is forbidden: User \"system:node:node-a\" cannot get resource"
                        + " \"secrets\" in API group \"\" in the namespace \"other\": no relationship found between"
                        + " node 'node-a' and this object");
        // A kubelet lists and watches each object its pods name by field selector, as it may get it.
        HttpResponse<String> listed =
                send(nodeA, "GET", "/api/v1/namespaces/team/secrets?fieldSelector=metadata.name%3Da-secret", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(json(listed).path("items").findValuesAsText("name")).containsExactly("a-secret");
        HttpResponse<String> watched = send(
                nodeA,
                "GET",
                "/api/v1/namespaces/team/secrets?fieldSelector=metadata.name%3Da-secret&watch=1&timeoutSeconds=1",
                null);
        assertThat(watched.statusCode()).as(watched.body()).isEqualTo(200);
        assertThat(watched.body()).contains("\"type\":\"ADDED\"").contains("\"name\":\"a-secret\"");
        HttpResponse<String> unrelated =
                send(nodeA, "GET", "/api/v1/namespaces/other/secrets?fieldSelector=metadata.name%3Db-secret", null);
        assertThat(unrelated.statusCode()).isEqualTo(403);
        assertThat(KubeJson.mapper().readTree(unrelated.body()).path("message").asText())
                .isEqualTo("secrets \"b-secret\" is forbidden: User \"system:node:node-a\" cannot list resource"
                        + " \"secrets\" in API group \"\" in the namespace \"other\": no relationship found between"
                        + " node 'node-a' and this object");
        assertThat(send(nodeA, "GET", "/api/v1/namespaces/team/secrets?fieldSelector=metadata.name%3Dunused", null)
                        .statusCode())
                .isEqualTo(403);
        // Nor may it list or watch them wholesale, in a namespace or cluster-wide.
        assertThat(send(nodeA, "GET", "/api/v1/secrets", null).statusCode()).isEqualTo(403);
        assertThat(send(nodeA, "GET", "/api/v1/namespaces/team/secrets", null).statusCode())
                .isEqualTo(403);
        assertThat(send(nodeA, "GET", "/api/v1/configmaps?watch=1", null).statusCode())
                .isEqualTo(403);
        assertThat(send(nodeA, "GET", "/api/v1/persistentvolumeclaims", null).statusCode())
                .isEqualTo(403);
        assertThat(send(nodeA, "GET", "/api/v1/nodes", null).statusCode()).isEqualTo(200);
        assertThat(send(nodeA, "GET", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-b", null)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void anonymousRequestsReachOnlyThePublicPaths() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder()
                .sslContext(context(null))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        assertThat(send(anonymous, "GET", "/version", null).statusCode()).isEqualTo(200);
        HttpResponse<String> pods = send(anonymous, "GET", "/api/v1/pods", null);
        assertThat(pods.statusCode()).isEqualTo(403);
        assertThat(KubeJson.mapper().readTree(pods.body()).path("message").asText())
                .isEqualTo("pods is forbidden: User \"system:anonymous\" cannot list resource \"pods\" in API group"
                        + " \"\" at the cluster scope");
    }

    @Test
    void theControllerManagerMayFillAggregatedRolesWithRulesItDoesNotHold() throws Exception {
        HttpClient controllers = client(pki.client("kcm", "system:kube-controller-manager", List.of()));
        String edit = "/apis/rbac.authorization.k8s.io/v1/clusterroles/edit";
        ObjectNode role = (ObjectNode) json(send(controllers, "GET", edit, null));
        // As the aggregation controller writes it: a rule the controller manager itself lacks.
        role.set("rules", KubeJson.mapper().readTree("""
                [{"apiGroups":[""],"resources":["pods/exec"],"verbs":["create"]}]"""));

        HttpResponse<String> updated = send(controllers, "PUT", edit, role.toString());

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        HttpResponse<String> byAlice = send(alice, "PUT", edit, role.toString());
        assertThat(byAlice.statusCode()).isEqualTo(403);
    }

    @Test
    void theManagementServerIsNotBehindAuthorization() throws Exception {
        // The management server serves TLS like the API; no client certificate: anonymous.
        HttpClient anonymous = HttpClient.newBuilder().sslContext(context(null)).build();
        String management = server.managementUrl().replace("http://", "https://");
        HttpResponse<String> health = anonymous.send(
                HttpRequest.newBuilder(URI.create(management + "/actuator/health"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    }

    @Test
    void rbacChangesTakeEffectWithoutARestart() throws Exception {
        String path = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings";
        assertThat(send(alice, "GET", "/api/v1/nodes", null).statusCode()).isEqualTo(403);
        assertThat(send(admin, "POST", path, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"alice-nodes"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:node-proxier"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}""").statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> send(alice, "GET", "/api/v1/nodes", null).statusCode() == 200);
        assertThat(send(admin, "DELETE", path + "/alice-nodes", null).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> send(alice, "GET", "/api/v1/nodes", null).statusCode() == 403);
    }

    @Test
    void aUserMayGrantOnlyWhatItHolds() throws Exception {
        String roles = "/apis/rbac.authorization.k8s.io/v1/namespaces/team/roles";
        String bindings = "/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings";
        HttpClient carol = client(pki.client("carol", "carol", List.of()));
        assertThat(send(admin, "POST", roles, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"rbac-manager"},
                 "rules":[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles","rolebindings"],
                           "verbs":["create","get"]},
                          {"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]}""").statusCode()).isEqualTo(201);
        assertThat(send(admin, "POST", bindings, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"carol-rbac"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"rbac-manager"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"carol"}]}""").statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> send(carol, "GET", roles + "/rbac-manager", null).statusCode() == 200);

        HttpResponse<String> escalating = send(carol, "POST", roles, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"secret-reader"},
                 "rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get","list"]}]}""");
        assertThat(escalating.statusCode()).isEqualTo(403);
        assertThat(KubeJson.mapper().readTree(escalating.body()).path("message").asText())
                .isEqualTo("roles.rbac.authorization.k8s.io \"secret-reader\" is forbidden: user \"carol\""
                        + " (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently"
                        + " held:\n{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}");
        assertThat(send(carol, "POST", roles, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"pod-getter"},
                 "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}""").statusCode()).isEqualTo(201);

        HttpResponse<String> bindingAdmin = send(carol, "POST", bindings, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"carol-admin"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"carol"}]}""");
        assertThat(bindingAdmin.statusCode()).isEqualTo(403);
        assertThat(KubeJson.mapper()
                        .readTree(bindingAdmin.body())
                        .path("message")
                        .asText())
                .startsWith("rolebindings.rbac.authorization.k8s.io \"carol-admin\" is forbidden: user \"carol\""
                        + " (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently"
                        + " held:\n{APIGroups:[\"*\"], Resources:[\"*\"], Verbs:[\"*\"]}");
        assertThat(send(carol, "POST", bindings, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"carol-pods"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-getter"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"dave"}]}""").statusCode()).isEqualTo(201);
    }

    @Test
    void aNodeMayChangeOnlyItsOwnNodeObject() throws Exception {
        for (String node : List.of("node-a", "node-b")) {
            assertThat(send(admin, "POST", "/api/v1/nodes", """
                    {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s"}}""".formatted(node)).statusCode())
                    .isEqualTo(201);
        }
        String labelPatch = "{\"metadata\":{\"labels\":{\"kubernetes.io/arch\":\"amd64\"}}}";
        assertThat(patch(nodeA, "/api/v1/nodes/node-a", labelPatch).statusCode())
                .isEqualTo(200);
        HttpResponse<String> other = patch(nodeA, "/api/v1/nodes/node-b", labelPatch);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(KubeJson.mapper().readTree(other.body()).path("message").asText())
                .isEqualTo("nodes \"node-b\" is forbidden: node \"node-a\" is not allowed to modify node \"node-b\"");
        HttpResponse<String> restricted = patch(
                nodeA,
                "/api/v1/nodes/node-a",
                "{\"metadata\":{\"labels\":{\"node-restriction.kubernetes.io/pool\":\"gpu\"}}}");
        assertThat(KubeJson.mapper().readTree(restricted.body()).path("message").asText())
                .isEqualTo("nodes \"node-a\" is forbidden: node \"node-a\" is not allowed to modify labels:"
                        + " node-restriction.kubernetes.io/pool");
        HttpResponse<String> taints = patch(
                nodeA, "/api/v1/nodes/node-a", "{\"spec\":{\"taints\":[{\"key\":\"k\",\"effect\":\"NoSchedule\"}]}}");
        assertThat(taints.statusCode()).isEqualTo(403);
        HttpResponse<String> otherPodStatus =
                patch(nodeA, "/api/v1/namespaces/other/pods/on-b/status", "{\"status\":{\"message\":\"mine\"}}");
        assertThat(otherPodStatus.statusCode()).isEqualTo(403);
        assertThat(patch(nodeA, "/api/v1/namespaces/team/pods/on-a/status", "{\"status\":{\"message\":\"mine\"}}")
                        .statusCode())
                .isEqualTo(200);
    }

    private static HttpResponse<String> patch(HttpClient client, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String pod(String name, String node, String secret) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                 "spec":{"nodeName":"%s","containers":[{"name":"c","image":"busybox"}],
                         "volumes":[{"name":"s","secret":{"secretName":"%s"}}]}}""".formatted(name, node, secret);
    }

    private static CertificateFiles admin() {
        return pki.client("admin-kubectl", "system:admin", List.of("system:masters"));
    }

    private static Kubectl kubectl(String name, CertificateFiles identity) throws IOException {
        Path dir = Files.createDirectories(work.resolve("kubectl-" + name));
        Path kubeconfig = dir.resolve("kubeconfig.yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: skiff
                  cluster:
                    server: %s
                    certificate-authority: %s
                contexts:
                - name: skiff
                  context:
                    cluster: skiff
                    user: %s
                current-context: skiff
                users:
                - name: %s
                  user:
                    client-certificate: %s
                    client-key: %s
                """.formatted(
                        url, pki.caCertificate(), name, name, identity.certificate(), identity.privateKey()));
        return Kubectl.withKubeconfig(kubeconfig, dir);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return KubeJson.mapper().readTree(response.body());
    }

    private static HttpResponse<String> send(HttpClient client, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(CertificateFiles identity) throws Exception {
        return HttpClient.newBuilder()
                .sslContext(context(identity))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Presents {@code identity} (none when null) and trusts the cluster authority. */
    private static SSLContext context(CertificateFiles identity) throws Exception {
        KeyManagerFactory keyManagers = null;
        if (identity != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("identity", PemFiles.readPrivateKey(identity.privateKey()), PASSWORD, new Certificate[] {
                PemFiles.readCertificate(identity.certificate())
            });
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("cluster-ca", pki.authorityCertificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
