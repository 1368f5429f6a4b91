package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.ServingNames;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authenticators on a real API server: static tokens from a file, ServiceAccount tokens from
 * TokenRequest (as kubectl and the kubelet ask for them), TokenReview, 401 for bearer tokens nobody
 * accepts, anonymous requests, and anonymous access limited to the health and version paths.
 */
class AuthenticationIntegrationTest {

    private static final String WHOAMI = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
    private static final String REVIEW = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}";
    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

    @TempDir
    static Path dir;

    private static String database;
    private static ApiServerInstance server;
    private static KubeHttp http;

    @BeforeAll
    static void start() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.csv"), """
                alice-token,alice,alice-uid,"developers,viewers"
                admin-token,admin,admin-uid,system:masters
                """);
        database = TestPostgres.newDatabase();
        server = ApiServerInstance.onDatabase(database, "--skiff.apiserver.authentication.token-auth-file=" + tokens);
        http = new KubeHttp(server.baseUrl());
        assertThat(http.createNamespace("authn").code()).isEqualTo(201);
        assertThat(http.post("/api/v1/namespaces/authn/serviceaccounts", serviceAccount("robot"))
                        .code())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStaticTokenIsItsUser() {
        KubeHttp.Reply whoami = http.withBearerToken("alice-token").post(WHOAMI, REVIEW);

        assertThat(whoami.code()).isEqualTo(201);
        assertThat(whoami.text("/status/userInfo/username")).isEqualTo("alice");
        assertThat(whoami.text("/status/userInfo/uid")).isEqualTo("alice-uid");
        assertThat(whoami.body().at("/status/userInfo/groups").toString())
                .isEqualTo("[\"developers\",\"viewers\",\"system:authenticated\"]");
    }

    @Test
    void aBearerTokenNobodyAcceptsIs401NotAnonymous() {
        KubeHttp.Reply reply = http.withBearerToken("no-such-token").get("/api/v1/namespaces");

        assertThat(reply.code()).isEqualTo(401);
        assertThat(reply.text("/kind")).isEqualTo("Status");
        assertThat(reply.text("/status")).isEqualTo("Failure");
        assertThat(reply.text("/reason")).isEqualTo("Unauthorized");
        assertThat(reply.text("/message")).isEqualTo("Unauthorized");
        assertThat(reply.body().path("code").asInt()).isEqualTo(401);
    }

    @Test
    void aRequestWithoutCredentialsIsAnonymous() {
        KubeHttp.Reply whoami = http.post(WHOAMI, REVIEW);

        assertThat(whoami.code()).isEqualTo(201);
        assertThat(whoami.text("/status/userInfo/username")).isEqualTo("system:anonymous");
        assertThat(whoami.body().at("/status/userInfo/groups").toString()).isEqualTo("[\"system:unauthenticated\"]");
    }

    @Test
    void aTokenRequestIssuesAServiceAccountTokenTheServerAccepts() {
        KubeHttp.Reply issued = http.post(
                "/api/v1/namespaces/authn/serviceaccounts/robot/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}");
        assertThat(issued.code()).isEqualTo(201);
        assertThat(issued.text("/kind")).isEqualTo("TokenRequest");
        assertThat(issued.body().at("/spec/expirationSeconds").asLong()).isEqualTo(3600);
        assertThat(issued.text("/status/expirationTimestamp")).endsWith("Z");
        String token = issued.text("/status/token");

        KubeHttp.Reply whoami = http.withBearerToken(token).post(WHOAMI, REVIEW);

        assertThat(whoami.code()).isEqualTo(201);
        assertThat(whoami.text("/status/userInfo/username")).isEqualTo("system:serviceaccount:authn:robot");
        assertThat(whoami.text("/status/userInfo/uid"))
                .isEqualTo(uid("/api/v1/namespaces/authn/serviceaccounts/robot"));
        assertThat(whoami.body().at("/status/userInfo/groups").toString())
                .isEqualTo("[\"system:serviceaccounts\",\"system:serviceaccounts:authn\",\"system:authenticated\"]");
        assertThat(whoami.text("/status/userInfo/extra/authentication.kubernetes.io~1credential-id/0"))
                .startsWith("JTI=");
    }

    @Test
    void tokenReviewTellsWhoATokenIsAndWhyOneIsRefused() {
        String token = http.post(
                        "/api/v1/namespaces/authn/serviceaccounts/robot/token",
                        "{\"spec\":{\"audiences\":[\"vault\"]}}")
                .text("/status/token");

        KubeHttp.Reply forVault =
                http.post("/apis/authentication.k8s.io/v1/tokenreviews", review(token, "[\"vault\"]"));
        KubeHttp.Reply forApi = http.post("/apis/authentication.k8s.io/v1/tokenreviews", review(token, "[]"));
        KubeHttp.Reply staticToken =
                http.post("/apis/authentication.k8s.io/v1/tokenreviews", review("alice-token", "[]"));
        KubeHttp.Reply junk = http.post("/apis/authentication.k8s.io/v1/tokenreviews", review("junk", "[]"));

        assertThat(forVault.code()).isEqualTo(201);
        assertThat(forVault.text("/kind")).isEqualTo("TokenReview");
        assertThat(forVault.body().at("/status/authenticated").asBoolean()).isTrue();
        assertThat(forVault.text("/status/user/username")).isEqualTo("system:serviceaccount:authn:robot");
        assertThat(forVault.body().at("/status/audiences").toString()).isEqualTo("[\"vault\"]");
        assertThat(forApi.body().at("/status/authenticated").asBoolean()).isFalse();
        assertThat(forApi.text("/status/error"))
                .isEqualTo("token audiences [\"vault\"] is invalid for the target audiences [\"" + ISSUER + "\"]");
        assertThat(staticToken.text("/status/user/username")).isEqualTo("alice");
        assertThat(staticToken.body().at("/status/audiences").toString()).isEqualTo("[\"" + ISSUER + "\"]");
        assertThat(junk.code()).isEqualTo(201);
        assertThat(junk.text("/status/error")).isEqualTo("invalid bearer token");
        assertThat(http.post("/apis/authentication.k8s.io/v1/tokenreviews", "{\"spec\":{}}")
                        .code())
                .isEqualTo(400);
    }

    @Test
    void aPodBoundTokenAsTheKubeletAsksForItDiesWithThePod() {
        assertThat(http.post("/api/v1/namespaces/authn/serviceaccounts", serviceAccount("worker"))
                        .code())
                .isEqualTo(201);
        KubeHttp.Reply pod = http.post("/api/v1/namespaces/authn/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"job"},
                 "spec":{"serviceAccountName":"worker","containers":[{"name":"c","image":"busybox"}]}}
                """);
        assertThat(pod.code()).isEqualTo(201);
        String podUid = pod.text("/metadata/uid");
        // The request shape of the kubelet's ClientTokenIssuer for a kube-api-access volume.
        KubeHttp.Reply issued =
                http.post("/api/v1/namespaces/authn/serviceaccounts/worker/token", """
                {"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest",
                 "spec":{"audiences":["%s"],"expirationSeconds":3607,
                         "boundObjectRef":{"apiVersion":"v1","kind":"Pod","name":"job","uid":"%s"}}}
                """.formatted(ISSUER, podUid));
        assertThat(issued.code()).isEqualTo(201);
        String token = issued.text("/status/token");

        KubeHttp.Reply whoami = http.withBearerToken(token).post(WHOAMI, REVIEW);
        assertThat(whoami.text("/status/userInfo/username")).isEqualTo("system:serviceaccount:authn:worker");
        assertThat(whoami.text("/status/userInfo/extra/authentication.kubernetes.io~1pod-name/0"))
                .isEqualTo("job");
        assertThat(whoami.text("/status/userInfo/extra/authentication.kubernetes.io~1pod-uid/0"))
                .isEqualTo(podUid);

        assertThat(http.delete("/api/v1/namespaces/authn/pods/job?gracePeriodSeconds=0")
                        .code())
                .isEqualTo(200);
        assertThat(http.get("/api/v1/namespaces/authn/pods").code()).isEqualTo(200); // cache caught up

        assertThat(http.withBearerToken(token).post(WHOAMI, REVIEW).code()).isEqualTo(401);
    }

    @Test
    void aDeletedServiceAccountsTokensStopWorking() {
        assertThat(http.post("/api/v1/namespaces/authn/serviceaccounts", serviceAccount("temp"))
                        .code())
                .isEqualTo(201);
        String token = http.post("/api/v1/namespaces/authn/serviceaccounts/temp/token", "{\"spec\":{}}")
                .text("/status/token");
        assertThat(http.withBearerToken(token).post(WHOAMI, REVIEW).code()).isEqualTo(201);

        assertThat(http.delete("/api/v1/namespaces/authn/serviceaccounts/temp").code())
                .isEqualTo(200);

        assertThat(http.withBearerToken(token).post(WHOAMI, REVIEW).code()).isEqualTo(401);
    }

    @Test
    void tokenRequestRefusalsAreKubernetesStatuses() {
        KubeHttp.Reply tooShort = http.post(
                "/api/v1/namespaces/authn/serviceaccounts/robot/token", "{\"spec\":{\"expirationSeconds\":60}}");
        KubeHttp.Reply noAccount = http.post("/api/v1/namespaces/authn/serviceaccounts/ghost/token", "{\"spec\":{}}");
        KubeHttp.Reply get = http.get("/api/v1/namespaces/authn/serviceaccounts/robot/token");

        assertThat(tooShort.code()).isEqualTo(422);
        assertThat(tooShort.text("/reason")).isEqualTo("Invalid");
        assertThat(noAccount.code()).isEqualTo(404);
        assertThat(noAccount.text("/details/name")).isEqualTo("ghost");
        assertThat(get.code()).isEqualTo(405);
    }

    /**
     * kubectl sends credentials only over TLS (clientcmd drops them for plain HTTP), so this one
     * runs against a second API server on the same database serving HTTPS with the cluster PKI,
     * signing with the same key file as far as kubectl's own token goes (it asks that server).
     */
    @Test
    void kubectlCreatesATokenAndUsesIt() throws Exception {
        assertThat(http.post("/api/v1/namespaces/authn/serviceaccounts", serviceAccount("default"))
                        .code())
                .isEqualTo(201);
        ClusterPki pki = ClusterPki.open(dir.resolve("pki"), Clock.systemUTC());
        CertificateFiles serving =
                pki.serving(ServingNames.forApiServer("cluster.local", "10.96.0.1", null, List.of()));
        try (ApiServerInstance tls = ApiServerInstance.onDatabase(
                database,
                "--skiff.apiserver.authentication.token-auth-file=" + dir.resolve("tokens.csv"),
                "--server.ssl.certificate=" + serving.certificate(),
                "--server.ssl.certificate-private-key=" + serving.privateKey())) {
            Path kubeconfig = Files.writeString(dir.resolve("tls-kubeconfig.yaml"), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: skiff
                      cluster:
                        server: %s
                        certificate-authority: %s
                    contexts:
                    - name: skiff
                      context: {cluster: skiff, user: nobody}
                    current-context: skiff
                    users:
                    - name: nobody
                      user: {}
                    """.formatted(
                            tls.baseUrl().replace("http://", "https://"), pki.caCertificate()));
            Kubectl kubectl = Kubectl.withKubeconfig(kubeconfig, dir.resolve("kubectl-tls"));

            Kubectl.Result created =
                    kubectl.run("--token=admin-token", "create", "token", "default", "-n", "authn", "--duration=20m");
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            String token = created.stdout().strip();

            Kubectl.Result whoami = kubectl.run("--token=" + token, "auth", "whoami");
            assertThat(whoami.exitCode()).as(whoami.stderr()).isZero();
            assertThat(whoami.stdout())
                    .contains("system:serviceaccount:authn:default")
                    .contains("system:serviceaccounts:authn");

            Kubectl.Result alice =
                    kubectl.run("--token=alice-token", "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
            assertThat(alice.exitCode()).as(alice.stderr()).isZero();
            assertThat(alice.stdout()).isEqualTo("alice");

            Kubectl.Result refused = kubectl.run("--token=wrong", "get", "namespaces");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("You must be logged in to the server");
        }
    }

    @Test
    void anonymousAccessCanBeLimitedToHealthAndVersion() {
        try (ApiServerInstance limited = ApiServerInstance.onDatabase(
                database, "--skiff.apiserver.authentication.anonymous.paths=/healthz,/livez,/readyz,/version")) {
            KubeHttp anonymous = new KubeHttp(limited.baseUrl());

            assertThat(anonymous.get("/version").code()).isEqualTo(200);
            assertThat(anonymous.get("/readyz").code()).isEqualTo(200);
            KubeHttp.Reply api = anonymous.get("/api/v1/namespaces");
            assertThat(api.code()).isEqualTo(401);
            assertThat(api.text("/reason")).isEqualTo("Unauthorized");
            // ServiceAccount tokens signed by another server's in-memory key are not this one's.
            String token = http.post("/api/v1/namespaces/authn/serviceaccounts/robot/token", "{\"spec\":{}}")
                    .text("/status/token");
            assertThat(anonymous
                            .withBearerToken(token)
                            .get("/api/v1/namespaces")
                            .code())
                    .isEqualTo(401);
        }
        try (ApiServerInstance closed =
                ApiServerInstance.onDatabase(database, "--skiff.apiserver.authentication.anonymous.enabled=false")) {
            assertThat(new KubeHttp(closed.baseUrl()).get("/version").code()).isEqualTo(401);
        }
    }

    private static String uid(String path) {
        JsonNode object = http.get(path).body();
        return object.at("/metadata/uid").asText();
    }

    private static String serviceAccount(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"" + name + "\"}}";
    }

    private static String review(String token, String audiences) {
        return "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token
                + "\",\"audiences\":" + audiences + "}}";
    }
}
