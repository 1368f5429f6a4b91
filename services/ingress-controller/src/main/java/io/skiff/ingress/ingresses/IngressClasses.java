package io.skiff.ingress.ingresses;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Ingresses this controller serves: those whose spec.ingressClassName (or the deprecated
 * kubernetes.io/ingress.class annotation) names an IngressClass whose spec.controller is ours, and
 * those naming no class when one of our classes is the default one.
 */
public final class IngressClasses {

    /** spec.controller of the IngressClasses served here. */
    public static final String CONTROLLER = "skiff.io/ingress-controller";

    /** The IngressClass this controller makes sure exists. */
    public static final String DEFAULT_CLASS_NAME = "skiff";

    public static final String IS_DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
    public static final String DEPRECATED_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

    private final Set<String> ours;
    private final boolean oursIsDefault;

    private IngressClasses(Set<String> ours, boolean oursIsDefault) {
        this.ours = ours;
        this.oursIsDefault = oursIsDefault;
    }

    /** The policy given every IngressClass in the cluster. */
    public static IngressClasses of(Collection<IngressClass> classes, String controller) {
        Set<String> ours = new TreeSet<>();
        boolean oursIsDefault = false;
        for (IngressClass ingressClass : classes) {
            if (ingressClass.getSpec() != null
                    && controller.equals(ingressClass.getSpec().getController())) {
                ours.add(ingressClass.getMetadata().getName());
                oursIsDefault |= isDefault(ingressClass);
            }
        }
        return new IngressClasses(Set.copyOf(ours), oursIsDefault);
    }

    public static boolean isDefault(IngressClass ingressClass) {
        Map<String, String> annotations = ingressClass.getMetadata().getAnnotations();
        return annotations != null && "true".equals(annotations.get(IS_DEFAULT_CLASS_ANNOTATION));
    }

    public boolean serves(Ingress ingress) {
        String className = ingress.getSpec() == null ? null : ingress.getSpec().getIngressClassName();
        if (className == null || className.isEmpty()) {
            Map<String, String> annotations = ingress.getMetadata().getAnnotations();
            className = annotations == null ? null : annotations.get(DEPRECATED_CLASS_ANNOTATION);
        }
        if (className == null || className.isEmpty()) {
            return oursIsDefault;
        }
        return ours.contains(className);
    }
}
