package io.skiff.apiserver.admission.storageclass;

import static io.skiff.apiserver.admission.InMemoryReads.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.InMemoryReads;
import io.skiff.apiserver.admission.Resources;
import org.junit.jupiter.api.Test;

class DefaultStorageClassTest {

    private final InMemoryReads reads = new InMemoryReads()
            .add(Resources.STORAGE_CLASSES, storageClass("slow", "2026-01-01T00:00:00Z", false))
            .add(Resources.STORAGE_CLASSES, storageClass("standard", "2026-01-02T00:00:00Z", true));
    private final DefaultStorageClass plugin = new DefaultStorageClass(reads);

    @Test
    void aClaimWithoutAClassGetsTheDefault() {
        ObjectNode claim = claim("{}");
        plugin.admit(create(claim));
        assertThat(claim.at("/spec/storageClassName").asText()).isEqualTo("standard");
    }

    @Test
    void theNewestDefaultWinsThenTheFirstByName() {
        reads.add(Resources.STORAGE_CLASSES, storageClass("fast", "2026-01-03T00:00:00Z", true));
        ObjectNode claim = claim("{}");
        plugin.admit(create(claim));
        assertThat(claim.at("/spec/storageClassName").asText()).isEqualTo("fast");

        reads.add(Resources.STORAGE_CLASSES, storageClass("aaa", "2026-01-03T00:00:00Z", true));
        ObjectNode tie = claim("{}");
        plugin.admit(create(tie));
        assertThat(tie.at("/spec/storageClassName").asText()).isEqualTo("aaa");
    }

    @Test
    void theBetaAnnotationMarksADefaultToo() {
        InMemoryReads beta = new InMemoryReads()
                .add(
                        Resources.STORAGE_CLASSES,
                        "{\"metadata\":{\"name\":\"old\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\",\"annotations\":"
                                + "{\"storageclass.beta.kubernetes.io/is-default-class\":\"true\"}}}");
        ObjectNode claim = claim("{}");
        new DefaultStorageClass(beta).admit(create(claim));
        assertThat(claim.at("/spec/storageClassName").asText()).isEqualTo("old");
    }

    @Test
    void aClaimThatNamesAClassOrAsksForNoneKeepsIt() {
        ObjectNode named = claim("{\"storageClassName\":\"slow\"}");
        plugin.admit(create(named));
        assertThat(named.at("/spec/storageClassName").asText()).isEqualTo("slow");

        ObjectNode none = claim("{\"storageClassName\":\"\"}");
        plugin.admit(create(none));
        assertThat(none.at("/spec/storageClassName").asText()).isEmpty();

        ObjectNode annotated = parse("{\"metadata\":{\"name\":\"c\",\"annotations\":"
                + "{\"volume.beta.kubernetes.io/storage-class\":\"slow\"}},\"spec\":{}}");
        plugin.admit(create(annotated));
        assertThat(annotated.at("/spec/storageClassName").isMissingNode()).isTrue();
    }

    @Test
    void withoutADefaultNothingChanges() {
        ObjectNode claim = claim("{}");
        new DefaultStorageClass(new InMemoryReads()).admit(create(claim));
        assertThat(claim.at("/spec/storageClassName").isMissingNode()).isTrue();
    }

    private static String storageClass(String name, String created, boolean isDefault) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"creationTimestamp\":\"" + created + "\",\"annotations\":"
                + "{\"storageclass.kubernetes.io/is-default-class\":\"" + isDefault + "\"}},\"provisioner\":\"x\"}";
    }

    private static ObjectNode claim(String spec) {
        return parse("{\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\"},\"spec\":" + spec + "}");
    }

    private static Attributes create(ObjectNode claim) {
        return Attributes.create(Resources.PERSISTENT_VOLUME_CLAIMS, "ns", claim, false);
    }
}
