package io.skiff.apiserver.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;

/** Whether pods get the kube-root-ca.crt projection: only when this server answers over HTTPS. */
class ServesTlsTest {

    @Test
    void plainHttpWithoutSslSettings() {
        assertThat(RegistryConfiguration.servesTls(new ServerProperties())).isFalse();
        assertThat(RegistryConfiguration.servesTls(null)).isFalse();
    }

    @Test
    void httpsWithACertificate() {
        ServerProperties server = new ServerProperties();
        Ssl ssl = new Ssl();
        ssl.setCertificate("/etc/skiff/apiserver.crt");
        server.setSsl(ssl);
        assertThat(RegistryConfiguration.servesTls(server)).isTrue();
        ssl.setEnabled(false);
        assertThat(RegistryConfiguration.servesTls(server)).isFalse();
    }
}
