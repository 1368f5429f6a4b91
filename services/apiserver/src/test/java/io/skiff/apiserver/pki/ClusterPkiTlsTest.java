package io.skiff.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificates in real TLS handshakes on loopback: server names, the chain, client identity. */
class ClusterPkiTlsTest {

    private static final char[] PASSWORD = "unused".toCharArray();

    @TempDir
    Path dir;

    private ClusterPki pki;
    private HttpsServer server;

    @BeforeEach
    void serve() throws Exception {
        pki = ClusterPki.open(dir.resolve("tls"), Clock.systemUTC());
        CertificateFiles serving =
                pki.serving(ServingNames.forApiServer("cluster.local", "10.43.0.1", "node-a", List.of("192.0.2.10")));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context(serving, pki.authorityCertificate())) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/", exchange -> {
            String peer;
            try {
                peer = ((HttpsExchange) exchange)
                        .getSSLSession()
                        .getPeerPrincipal()
                        .getName();
            } catch (IOException e) {
                peer = "none";
            }
            byte[] body = peer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void clientsTrustingTheClusterAuthorityReachTheServerByNameAndAddress() throws Exception {
        HttpClient admin = client(pki.client("admin", "system:admin", List.of("system:masters")), pki);

        for (String host : List.of("localhost", "127.0.0.1")) {
            HttpResponse<String> response = admin.send(
                    HttpRequest.newBuilder(URI.create("https://" + host + ":" + port() + "/"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("CN=system:admin,O=system:masters");
        }
    }

    @Test
    void aClientCertificateOfAnotherClusterIsRefused() {
        ClusterPki other = ClusterPki.open(dir.resolve("other"), Clock.systemUTC());
        HttpClient stranger = client(other.client("admin", "system:admin", List.of("system:masters")), pki);

        assertThatThrownBy(() -> stranger.send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + port() + "/"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static HttpClient client(CertificateFiles identity, ClusterPki trusted) {
        try {
            return HttpClient.newBuilder()
                    .sslContext(context(identity, trusted.authorityCertificate()))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Presents {@code identity} and trusts only {@code authority}. */
    private static SSLContext context(CertificateFiles identity, X509Certificate authority) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("identity", PemFiles.readPrivateKey(identity.privateKey()), PASSWORD, new Certificate[] {
            PemFiles.readCertificate(identity.certificate())
        });
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("cluster-ca", authority);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
