package io.skiff.apiserver.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.model.api.ApiException;
import org.junit.jupiter.api.Test;

class FieldOwnerTest {

    @Test
    void aFieldManagerMustBePrintable() {
        assertThatThrownBy(() -> FieldOwner.of("\u0000bad", null, null))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.status().getMessage())
                                .isEqualTo(
                                        "fieldManager: Invalid value: \"\\x00bad\": invalid character U+0000 (at position 0)"));
        assertThatThrownBy(() -> FieldOwner.of("é\nx", null, null))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.status().getMessage())
                                .isEqualTo(
                                        "fieldManager: Invalid value: \"é\\x0ax\": invalid character U+000A (at position 2)"));
        assertThat(FieldOwner.of("kubectl client-side apply", null, null).manager())
                .isEqualTo("kubectl client-side apply");
    }
}
