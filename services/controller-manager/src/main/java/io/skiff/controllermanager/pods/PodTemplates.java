package io.skiff.controllermanager.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.skiff.controllermanager.ownership.OwnerReferences;
import java.util.ArrayList;
import java.util.HashMap;

/** Pods made from a controller's template (controller_utils.go GetPodFromTemplate). */
public final class PodTemplates {

    private PodTemplates() {}

    /**
     * A pod as GetPodFromTemplate builds it: copies of the template's labels, annotations,
     * finalizers and spec, named by the API server from "&lt;owner&gt;-", controlled by {@code owner}.
     *
     * @throws IllegalStateException when the template has no labels (no controller could find the pod)
     */
    public static Pod fromTemplate(PodTemplateSpec template, HasMetadata owner) {
        ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        if (templateMeta.getLabels() == null || templateMeta.getLabels().isEmpty()) {
            throw new IllegalStateException("unable to create pods, no labels");
        }
        PodSpec spec = template.getSpec() == null ? new PodSpec() : new PodSpecBuilder(template.getSpec()).build();
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(owner.getMetadata().getNamespace())
                .withGenerateName(owner.getMetadata().getName() + "-")
                .withLabels(new HashMap<>(templateMeta.getLabels()))
                .withAnnotations(
                        templateMeta.getAnnotations() == null ? null : new HashMap<>(templateMeta.getAnnotations()))
                .withFinalizers(
                        templateMeta.getFinalizers() == null ? null : new ArrayList<>(templateMeta.getFinalizers()))
                .withOwnerReferences(OwnerReferences.controllerRef(owner))
                .endMetadata()
                .withSpec(spec)
                .build();
    }
}
