package io.skiff.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.io.UncheckedIOException;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One table row: a live object of a built-in kind (YAML), a strategic merge patch and what
 * kube-apiserver makes of it.
 */
record PatchCase(ResourceType type, String live, String patch, String expected) {

    static final StrategicMergePatch SMP = new StrategicMergePatch(PatchSchema.builtin());

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ResourceCatalog CATALOG = ResourceCatalog.builtin();

    static Arguments of(String name, String apiVersionAndKind, String live, String patch, String expected) {
        return Arguments.of(name, new PatchCase(type(apiVersionAndKind), live, patch, expected));
    }

    /** A served type named like {@code apps/v1/Deployment}. */
    static ResourceType type(String apiVersionAndKind) {
        int slash = apiVersionAndKind.lastIndexOf('/');
        return CATALOG.byKind(apiVersionAndKind.substring(0, slash), apiVersionAndKind.substring(slash + 1))
                .orElseThrow();
    }

    static ObjectNode yaml(String text) {
        return (ObjectNode) node(text);
    }

    static JsonNode node(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode apply() {
        return SMP.apply(type, yaml(live), node(patch));
    }

    void assertResult() {
        assertThat(apply()).isEqualTo(yaml(expected));
    }

    /** For failing rows, {@code expected} is the Status message. */
    void assertBadRequest() {
        assertThatExceptionOfType(ApiException.class).isThrownBy(this::apply).satisfies(error -> {
            assertThat(error.code()).isEqualTo(400);
            assertThat(error.reason()).isEqualTo("BadRequest");
            assertThat(error.getMessage()).isEqualTo(expected);
        });
    }
}
