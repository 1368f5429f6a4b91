package io.skiff.apiserver.printing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Prints objects written as YAML manifests through the real {@link TablePrinter} at a fixed
 * instant, {@link #NOW}, so that ages in expected cells can be worked out by hand.
 */
final class Tables {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final TablePrinter PRINTER = TablePrinter.builtin(Clock.fixed(NOW, ZoneOffset.UTC));

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ResourceCatalog CATALOG = ResourceCatalog.builtin();

    private Tables() {}

    static ResourceType type(String apiVersion, String kind) {
        return CATALOG.byKind(apiVersion, kind).orElseThrow();
    }

    /** The object's stored form: its JSON bytes. */
    static byte[] stored(String yaml) {
        try {
            return KubeJson.mapper().writeValueAsBytes(YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A list table of the objects, metadata rows, no list metadata. */
    static JsonNode table(String apiVersion, String kind, String... yamlObjects) {
        List<byte[]> objects = Stream.of(yamlObjects).map(Tables::stored).toList();
        return parse(PRINTER.table(type(apiVersion, kind), objects, IncludeObject.METADATA, null, null, null));
    }

    static JsonNode parse(byte[] json) {
        try {
            return KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One golden row: an object of a kind and the cells Kubernetes prints for it, wide cells
     * included. Numbers are integer cells, strings string cells, booleans boolean cells.
     */
    record Case(String name, String apiVersion, String kind, String yaml, List<Object> cells) {

        static Arguments of(String name, String apiVersion, String kind, String yaml, Object... cells) {
            return Arguments.of(name, new Case(name, apiVersion, kind, yaml, List.of(cells)));
        }

        void assertPrints() {
            JsonNode row = table(apiVersion, kind, yaml).path("rows").path(0);
            assertThat(row.path("cells").toString()).isEqualTo(json(cells));
        }

        private static String json(List<Object> cells) {
            try {
                return KubeJson.mapper().writeValueAsString(cells);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
