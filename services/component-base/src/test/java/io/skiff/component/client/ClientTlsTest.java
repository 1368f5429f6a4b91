package io.skiff.component.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.component.client.ApiClientProperties.TlsSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.HttpClient;

class ClientTlsTest {

    @TempDir
    Path dir;

    @Test
    void plainHttpUrlsStayPlain() {
        HttpClient http = HttpClient.create();
        ApiClientProperties properties = ApiClientProperties.defaults()
                .withUrls("http://127.0.0.1:6443")
                .withTls(new TlsSettings(dir.resolve("missing-ca.crt"), null, null));

        // The CA is not even read: nothing here speaks TLS.
        assertThat(ClientTls.apply(http, properties)).isSameAs(http);
    }

    @Test
    void anUnreadableAuthoritySaysWhichSettingAndFile() {
        ApiClientProperties properties = ApiClientProperties.defaults()
                .withUrls("https://127.0.0.1:6443")
                .withTls(new TlsSettings(dir.resolve("missing-ca.crt"), null, null));

        assertThatThrownBy(() -> ClientTls.apply(HttpClient.create(), properties))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("skiff.apiserver.tls")
                .hasMessageContaining("certificate-authority")
                .hasMessageContaining("missing-ca.crt");
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        assertThatThrownBy(() -> new TlsSettings(null, dir.resolve("admin.crt"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client-certificate and client-key go together");
    }
}
