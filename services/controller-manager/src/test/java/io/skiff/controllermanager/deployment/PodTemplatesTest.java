package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

class PodTemplatesTest {

    private static final PodTemplateSpec TEMPLATE =
            DeploymentMaker.web(1).build().getSpec().getTemplate();

    @Test
    void fnv32aMatchesTheReferenceVectors() {
        assertThat(PodTemplates.fnv32a(new byte[0])).isEqualTo(0x811c9dc5);
        assertThat(PodTemplates.fnv32a(bytes("a"))).isEqualTo(0xe40c292c);
        assertThat(PodTemplates.fnv32a(bytes("foobar"))).isEqualTo(0xbf9cf968);
    }

    @Test
    void safeEncodingMapsDigitsIntoTheVowelFreeAlphabet() {
        assertThat(PodTemplates.safeEncode("0123456789")).isEqualTo("456789bcdf");
    }

    @Test
    void theHashIsAStableSafelyEncodedDecimal() {
        String hash = PodTemplates.hash(TEMPLATE, null);

        assertThat(hash).matches("[456789bcdf]{1,10}");
        assertThat(PodTemplates.hash(new PodTemplateSpecBuilder(TEMPLATE).build(), null))
                .isEqualTo(hash);
        String decimal = Integer.toUnsignedString(
                PodTemplates.fnv32a(PodTemplates.canonical(TEMPLATE).toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(hash).isEqualTo(PodTemplates.safeEncode(decimal));
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

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
