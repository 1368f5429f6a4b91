package io.skiff.controllermanager.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.skiff.controllermanager.ownership.OwnerReferences;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/** Pods made from a controller's pod template, as controller_utils.go GetPodFromTemplate makes them. */
public final class PodTemplates {

    private PodTemplates() {}

    /** {@link #fromTemplate(PodTemplateSpec, HasMetadata, String)} named "&lt;owner&gt;-" plus a random suffix. */
    public static Pod fromTemplate(PodTemplateSpec template, HasMetadata owner) {
        return fromTemplate(template, owner, owner.getMetadata().getName() + "-");
    }

    /**
     * A pod with the template's labels, annotations, finalizers and spec (all copied), in the
     * owner's namespace, controlled by {@code owner}, named by the API server from {@code
     * generateName}.
     *
     * @throws IllegalStateException when the template has no labels: such a pod could never be
     *     found again by the owner's selector
     */
    public static Pod fromTemplate(PodTemplateSpec template, HasMetadata owner, String generateName) {
        PodTemplateSpec copy = new PodTemplateSpecBuilder(template).build();
        ObjectMeta templateMeta = copy.getMetadata() == null ? new ObjectMeta() : copy.getMetadata();
        if (templateMeta.getLabels() == null || templateMeta.getLabels().isEmpty()) {
            throw new IllegalStateException("unable to create pods, no labels");
        }
        Map<String, String> annotations =
                templateMeta.getAnnotations() == null ? null : new HashMap<>(templateMeta.getAnnotations());
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(owner.getMetadata().getNamespace())
                .withGenerateName(generateName)
                .withLabels(new HashMap<>(templateMeta.getLabels()))
                .withAnnotations(annotations)
                .withFinalizers(
                        templateMeta.getFinalizers() == null ? null : new ArrayList<>(templateMeta.getFinalizers()))
                .withOwnerReferences(OwnerReferences.controllerRef(owner))
                .endMetadata()
                .withSpec(copy.getSpec())
                .build();
    }
}
