package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.skiff.controllermanager.history.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

class PodTemplatesTest {

    private static final PodTemplateSpec TEMPLATE =
            DeploymentMaker.web(1).build().getSpec().getTemplate();

    @Test
    void theHashIsAStableSafelyEncodedDecimal() {
        String hash = PodTemplates.hash(TEMPLATE, null);

        assertThat(hash).matches("[456789bcdf]{1,10}");
        assertThat(PodTemplates.hash(new PodTemplateSpecBuilder(TEMPLATE).build(), null))
                .isEqualTo(hash);
        assertThat(hash)
                .isEqualTo(Hashes.templateHash(
                        PodTemplates.canonical(TEMPLATE).toString().getBytes(StandardCharsets.UTF_8), null));
    }

    @Test
    void theCollisionCountChangesTheHash() {
        assertThat(PodTemplates.hash(TEMPLATE, 1))
                .isNotEqualTo(PodTemplates.hash(TEMPLATE, null))
                .isNotEqualTo(PodTemplates.hash(TEMPLATE, 2));
        assertThat(PodTemplates.hash(TEMPLATE, 0)).isNotEqualTo(PodTemplates.hash(TEMPLATE, null));
    }

    @Test
    void anyTemplateChangeChangesTheHash() {
        PodTemplateSpec other = new PodTemplateSpecBuilder(TEMPLATE)
                .editSpec()
                .editFirstContainer()
                .withImage("nginx:2")
                .endContainer()
                .endSpec()
                .build();

        assertThat(PodTemplates.hash(other, null)).isNotEqualTo(PodTemplates.hash(TEMPLATE, null));
        assertThat(PodTemplates.equalIgnoringHash(other, TEMPLATE)).isFalse();
    }

    @Test
    void theHashLabelAndEmptyFieldsDoNotCount() {
        PodTemplateSpec labelled = new PodTemplateSpecBuilder(TEMPLATE)
                .editMetadata()
                .addToLabels(PodTemplates.HASH_LABEL, "abc")
                .withAnnotations(new HashMap<>())
                .endMetadata()
                .editSpec()
                .withVolumes(new ArrayList<>())
                .endSpec()
                .build();

        assertThat(PodTemplates.equalIgnoringHash(labelled, TEMPLATE)).isTrue();
        assertThat(PodTemplates.hash(labelled, null)).isEqualTo(PodTemplates.hash(TEMPLATE, null));
    }
}
