package io.skiff.ingress.ingresses;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which Ingresses are ours, by their class. */
class IngressClassesTest {

    private static IngressClass ingressClass(String name, String controller, boolean isDefault) {
        return new IngressClassBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(isDefault ? Map.of(IngressClasses.IS_DEFAULT_CLASS_ANNOTATION, "true") : Map.of())
                .endMetadata()
                .withNewSpec()
                .withController(controller)
                .endSpec()
                .build();
    }

    private static Ingress ingress(String className, Map<String, String> annotations) {
        return new IngressBuilder()
                .withNewMetadata()
                .withNamespace("ns")
                .withName("ing")
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withIngressClassName(className)
                .endSpec()
                .build();
    }

    static Stream<Arguments> cases() {
        IngressClass ours = ingressClass("skiff", IngressClasses.CONTROLLER, false);
        IngressClass oursDefault = ingressClass("skiff", IngressClasses.CONTROLLER, true);
        IngressClass nginx = ingressClass("nginx", "k8s.io/ingress-nginx", false);
        IngressClass nginxDefault = ingressClass("nginx", "k8s.io/ingress-nginx", true);
        return Stream.of(
                Arguments.of("a class of ours", List.of(ours, nginx), ingress("skiff", Map.of()), true),
                Arguments.of("another controller's class", List.of(ours, nginx), ingress("nginx", Map.of()), false),
                Arguments.of("a class that does not exist", List.of(ours), ingress("missing", Map.of()), false),
                Arguments.of(
                        "no class, ours is the default", List.of(oursDefault, nginx), ingress(null, Map.of()), true),
                Arguments.of(
                        "no class, ours is not the default",
                        List.of(ours, nginxDefault),
                        ingress(null, Map.of()),
                        false),
                Arguments.of(
                        "the deprecated annotation names our class",
                        List.of(ours),
                        ingress(null, Map.of(IngressClasses.DEPRECATED_CLASS_ANNOTATION, "skiff")),
                        true),
                Arguments.of(
                        "the deprecated annotation names another class",
                        List.of(oursDefault, nginx),
                        ingress(null, Map.of(IngressClasses.DEPRECATED_CLASS_ANNOTATION, "nginx")),
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void serves(String name, List<IngressClass> classes, Ingress ingress, boolean served) {
        assertThat(IngressClasses.of(classes, IngressClasses.CONTROLLER).serves(ingress))
                .isEqualTo(served);
    }
}
