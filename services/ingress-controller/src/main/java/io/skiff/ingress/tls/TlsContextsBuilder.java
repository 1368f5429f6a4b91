package io.skiff.ingress.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link TlsContexts} from the spec.tls of served Ingresses (given oldest first) and their
 * kubernetes.io/tls Secrets (tls.crt and tls.key, PEM). Parsed contexts are kept by the Secret's
 * uid and resourceVersion, so a rebuild parses only changed Secrets. Not thread-safe: one rebuilder
 * uses it.
 */
public final class TlsContextsBuilder {

    private static final Logger log = LoggerFactory.getLogger(TlsContextsBuilder.class);

    static final String TLS_SECRET_TYPE = "kubernetes.io/tls";

    private Map<String, SslContext> parsed = new HashMap<>();

    /**
     * @param secrets looks a Secret up by namespace and name
     */
    public TlsContexts build(List<Ingress> servedOldestFirst, BiFunction<String, String, Optional<Secret>> secrets) {
        Map<String, SslContext> stillUsed = new HashMap<>();
        Map<String, SslContext> exact = new HashMap<>();
        Map<String, SslContext> wildcard = new HashMap<>();
        SslContext fallback = null;
        for (Ingress ingress : servedOldestFirst) {
            if (ingress.getSpec() == null || ingress.getSpec().getTls() == null) {
                continue;
            }
            String namespace = ingress.getMetadata().getNamespace();
            for (IngressTLS tls : ingress.getSpec().getTls()) {
                if (tls.getSecretName() == null || tls.getSecretName().isEmpty()) {
                    continue;
                }
                Optional<SslContext> context =
                        secrets.apply(namespace, tls.getSecretName()).flatMap(secret -> context(secret, stillUsed));
                if (context.isEmpty()) {
                    continue;
                }
                if (fallback == null) {
                    fallback = context.get();
                }
                for (String host : tls.getHosts() == null ? List.<String>of() : tls.getHosts()) {
                    String lower = host.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("*.")) {
                        wildcard.putIfAbsent(lower.substring(1), context.get());
                    } else if (!lower.isEmpty()) {
                        exact.putIfAbsent(lower, context.get());
                    }
                }
            }
        }
        parsed = stillUsed;
        return new TlsContexts(exact, wildcard, fallback);
    }

    private Optional<SslContext> context(Secret secret, Map<String, SslContext> stillUsed) {
        String key = secret.getMetadata().getUid() + "@" + secret.getMetadata().getResourceVersion();
        SslContext known = parsed.get(key);
        if (known == null) {
            known = stillUsed.get(key);
        }
        if (known == null) {
            Optional<SslContext> created = parse(secret);
            if (created.isEmpty()) {
                return Optional.empty();
            }
            known = created.get();
        }
        stillUsed.put(key, known);
        return Optional.of(known);
    }

    static Optional<SslContext> parse(Secret secret) {
        String name =
                secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
        if (!TLS_SECRET_TYPE.equals(secret.getType())) {
            log.warn("secret {} is of type {}, not {}: not used for TLS", name, secret.getType(), TLS_SECRET_TYPE);
            return Optional.empty();
        }
        Map<String, String> data = secret.getData();
        String certificate = data == null ? null : data.get("tls.crt");
        String key = data == null ? null : data.get("tls.key");
        if (certificate == null || key == null) {
            log.warn("secret {} lacks tls.crt or tls.key: not used for TLS", name);
            return Optional.empty();
        }
        try {
            return Optional.of(SslContextBuilder.forServer(
                            new ByteArrayInputStream(Base64.getDecoder().decode(certificate)),
                            new ByteArrayInputStream(Base64.getDecoder().decode(key)))
                    .build());
        } catch (SSLException | IllegalArgumentException e) {
            log.warn("secret {} holds no usable certificate and key: {}", name, e.getMessage());
            return Optional.empty();
        }
    }
}
