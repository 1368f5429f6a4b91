package io.skiff.kubelet.server.security;

import io.skiff.component.client.KubeClient;
import io.skiff.component.client.SubjectAccessReviews;
import io.skiff.kubelet.config.KubeletProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The kubelet's server port over TLS with client certificates, and its API checked, once {@code
 * skiff.kubelet.tls.client-ca-file} is set ({@link KubeletTlsProperties}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KubeletTlsProperties.class)
@ConditionalOnProperty("skiff.kubelet.tls.client-ca-file")
public class KubeletTlsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KubeletTlsConfiguration.class);

    /**
     * HTTPS on the server port with the configured or a self-signed certificate, asking for (not
     * requiring: health and metrics stay open) client certificates from the client CA.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableWebServerFactory> kubeletTls(
            KubeletTlsProperties tls, KubeletProperties kubelet) {
        return new TlsCustomizer(tls, kubelet);
    }

    @Bean
    KubeletApiAuthorizer kubeletApiAuthorizer(KubeClient client, KubeletProperties kubelet) {
        return KubeletApiAuthorizer.through(new SubjectAccessReviews(client), kubelet.nodeName());
    }

    private record TlsCustomizer(KubeletTlsProperties tls, KubeletProperties kubelet)
            implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableWebServerFactory factory) {
            String certificate;
            String key;
            if (tls.certFile() != null) {
                certificate = tls.certFile().toString();
                key = tls.privateKeyFile().toString();
            } else {
                SelfSignedServingCertificate.ServingFiles made = SelfSignedServingCertificate.in(
                        kubelet.rootDir().resolve("pki"),
                        kubelet.nodeName(),
                        kubelet.address(),
                        Clock.systemUTC().instant());
                certificate = made.certificate().toString();
                key = made.key().toString();
            }
            Ssl ssl = new Ssl();
            ssl.setEnabled(true);
            ssl.setCertificate("file:" + certificate);
            ssl.setCertificatePrivateKey("file:" + key);
            ssl.setTrustCertificate("file:" + tls.clientCaFile());
            ssl.setClientAuth(Ssl.ClientAuth.WANT);
            factory.setSsl(ssl);
            log.info(
                    "Kubelet API over HTTPS ({}): exec and container logs only for client certificates from {}"
                            + " allowed nodes/proxy on {}",
                    certificate,
                    tls.clientCaFile(),
                    kubelet.nodeName());
        }

        @Override
        public int getOrder() {
            // After Spring Boot's own customizer, which applies server.ssl.
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
