package io.skiff.apiserver.defaulting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import org.junit.jupiter.params.provider.Arguments;

/** One table row: a minimal object of a type and the object Kubernetes 1.32 reads back. */
record DefaultingCase(String name, ResourceType type, String input, String expected) {

    private static final ObjectDefaulting DEFAULTING = ObjectDefaulting.builtin();

    static Arguments of(String name, String apiVersion, String kind, String input, String expected) {
        return Arguments.of(name, new DefaultingCase(name, Fixtures.type(apiVersion, kind), input, expected));
    }

    void assertDefaults() {
        ObjectNode obj = Fixtures.yaml(input);
        DEFAULTING.applyDefaults(type, obj);
        assertThat(obj).isEqualTo(Fixtures.yaml(expected));
    }

    void assertIdempotent() {
        ObjectNode once = Fixtures.yaml(input);
        DEFAULTING.applyDefaults(type, once);
        ObjectNode twice = once.deepCopy();
        DEFAULTING.applyDefaults(type, twice);
        assertThat(twice).isEqualTo(once);
    }
}
