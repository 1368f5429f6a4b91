package io.skiff.launcher;

import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TlsClientContext;
import io.skiff.component.client.ApiClientProperties;
import java.net.http.HttpClient;
import java.nio.file.Path;

/** A test's clients of a {@code skiff server}: over HTTPS, as its administrator, with the data dir's certificates. */
final class AdminClients {

    private AdminClients() {}

    static String url(int port) {
        return "https://127.0.0.1:" + port;
    }

    static KubeHttp http(Path dataDir, int port) {
        return KubeHttp.overTls(url(port), authority(dataDir), admin(dataDir));
    }

    /** The components' client settings, as the administrator. */
    static ApiClientProperties properties(Path dataDir, int port) {
        CertificateFiles admin = admin(dataDir);
        return ApiClientProperties.defaults()
                .withUrls(url(port))
                .withTls(new ApiClientProperties.TlsSettings(
                        authority(dataDir), admin.certificate(), admin.privateKey()));
    }

    static HttpClient httpClient(Path dataDir) {
        return HttpClient.newBuilder()
                .sslContext(TlsClientContext.of(authority(dataDir), admin(dataDir)))
                .build();
    }

    static Path authority(Path dataDir) {
        return dataDir.resolve("tls/ca.crt");
    }

    private static CertificateFiles admin(Path dataDir) {
        return new CertificateFiles(dataDir.resolve("tls/admin.crt"), dataDir.resolve("tls/admin.key"));
    }
}
