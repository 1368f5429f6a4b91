package io.skiff.ingress.app;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassSpec;
import io.skiff.component.client.ResourceClient;
import io.skiff.ingress.ingresses.IngressClasses;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the IngressClass {@code skiff} exists, pointing at this controller and marked as the
 * cluster's default, as k3s installs one for its bundled Traefik. Only a missing class is created:
 * a user who edited it (say, to drop the default mark) keeps their version.
 */
final class DefaultIngressClass {

    private static final Logger log = LoggerFactory.getLogger(DefaultIngressClass.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private DefaultIngressClass() {}

    static void ensure(ResourceClient<IngressClass> classes, Optional<IngressClass> cached, String controller) {
        if (cached.isPresent()) {
            return;
        }
        IngressClass ingressClass = new IngressClass();
        ingressClass.setMetadata(new ObjectMetaBuilder()
                .withName(IngressClasses.DEFAULT_CLASS_NAME)
                .withAnnotations(Map.of(IngressClasses.IS_DEFAULT_CLASS_ANNOTATION, "true"))
                .withLabels(Map.of("app.kubernetes.io/managed-by", "skiff"))
                .build());
        IngressClassSpec spec = new IngressClassSpec();
        spec.setController(controller);
        ingressClass.setSpec(spec);
        try {
            classes.create(ingressClass).block(TIMEOUT);
            log.info("created the default IngressClass {} for {}", IngressClasses.DEFAULT_CLASS_NAME, controller);
        } catch (RuntimeException e) {
            // Another replica may have created it meanwhile (a conflict); anything else must not stop
            // serving the Ingresses that name their class.
            log.warn("cannot create the default IngressClass {}: {}", IngressClasses.DEFAULT_CLASS_NAME, e.toString());
        }
    }
}
