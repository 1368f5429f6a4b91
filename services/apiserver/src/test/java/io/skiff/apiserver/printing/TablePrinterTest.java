package io.skiff.apiserver.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.catalog.ResourceType;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Table document around the rows: list metadata, row objects and watch-event tables. */
class TablePrinterTest {

    private static final ResourceType CONFIG_MAPS = Tables.type("v1", "ConfigMap");
    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: default
              uid: 0b6b0f3a-1111-4c3e-9a4e-2f0e8c1d2e3f
              resourceVersion: "42"
              creationTimestamp: "2025-06-01T11:00:00Z"
              labels:
                app: web
            data:
              key: value
            """;

    @Test
    void listTableCarriesKindListMetadataColumnsAndRowsInKubernetesFieldOrder() {
        JsonNode table = Tables.parse(Tables.PRINTER.table(
                CONFIG_MAPS, List.of(Tables.stored(CONFIG_MAP)), IncludeObject.NONE, "1234", "eyJydiI6MTIzNH0", 17L));

        List<String> fields = new ArrayList<>();
        table.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("kind", "apiVersion", "metadata", "columnDefinitions", "rows");
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.path("metadata").toString())
                .isEqualTo("{\"resourceVersion\":\"1234\",\"continue\":\"eyJydiI6MTIzNH0\",\"remainingItemCount\":17}");
        assertThat(table.at("/columnDefinitions/1").toString())
                .isEqualTo("{\"name\":\"Data\",\"type\":\"string\",\"format\":\"\",\"description\":\""
                        + FieldDocs.CONFIG_MAP_DATA + "\",\"priority\":0}");
        assertThat(table.path("rows").toString()).isEqualTo("[{\"cells\":[\"settings\",1,\"60m\"],\"object\":null}]");
    }

    @Test
    void unsetListMetadataIsLeftOutButMetadataStays() {
        JsonNode table =
                Tables.parse(Tables.PRINTER.table(CONFIG_MAPS, List.of(), IncludeObject.METADATA, null, "", null));

        assertThat(table.path("metadata").toString()).isEqualTo("{}");
        assertThat(table.path("rows").toString()).isEqualTo("[]");
        assertThat(table.path("columnDefinitions")).hasSize(3);
    }

    @Test
    void metadataRowsCarryPartialObjectMetadata() {
        JsonNode row = Tables.table("v1", "ConfigMap", CONFIG_MAP).path("rows").path(0);

        assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(row.path("object").path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(row.path("object").path("metadata"))
                .isEqualTo(Tables.parse(Tables.stored(CONFIG_MAP)).path("metadata"));
        assertThat(row.path("object").has("data")).isFalse();
    }

    @Test
    void objectRowsCarryTheWholeObject() {
        JsonNode table = Tables.parse(Tables.PRINTER.table(
                CONFIG_MAPS, List.of(Tables.stored(CONFIG_MAP)), IncludeObject.OBJECT, null, null, null));

        assertThat(table.at("/rows/0/object")).isEqualTo(Tables.parse(Tables.stored(CONFIG_MAP)));
    }

    @Test
    void rowsFollowTheOrderOfTheObjects() {
        JsonNode table = Tables.table(
                "v1",
                "Namespace",
                "metadata: {name: b, creationTimestamp: \"2025-06-01T11:00:00Z\"}",
                "metadata: {name: a}");

        assertThat(table.at("/rows/0/cells").toString()).isEqualTo("[\"b\",\"\",\"60m\"]");
        assertThat(table.at("/rows/1/cells").toString()).isEqualTo("[\"a\",\"\",\"<unknown>\"]");
    }

    @Test
    void watchEventTableHasOneRowAndTheObjectsResourceVersion() {
        JsonNode table =
                Tables.parse(Tables.PRINTER.rowTable(CONFIG_MAPS, Tables.stored(CONFIG_MAP), IncludeObject.OBJECT));

        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("metadata").toString()).isEqualTo("{\"resourceVersion\":\"42\"}");
        assertThat(table.path("columnDefinitions")).hasSize(3);
        assertThat(table.path("rows")).hasSize(1);
        assertThat(table.at("/rows/0/cells").toString()).isEqualTo("[\"settings\",1,\"60m\"]");
        assertThat(table.at("/rows/0/object/data/key").asText()).isEqualTo("value");
    }

    @Test
    void laterWatchEventTablesLeaveTheColumnDefinitionsOut() {
        JsonNode table = Tables.parse(
                Tables.PRINTER.rowTable(CONFIG_MAPS, Tables.stored(CONFIG_MAP), IncludeObject.METADATA, false));

        assertThat(table.has("columnDefinitions")).isTrue();
        assertThat(table.path("columnDefinitions").isNull()).isTrue();
        assertThat(table.at("/rows/0/object/kind").asText()).isEqualTo("PartialObjectMetadata");
    }

    @Test
    void unreadableStoredObjectsAreReported() {
        assertThatThrownBy(() ->
                        Tables.PRINTER.rowTable(CONFIG_MAPS, "{".getBytes(StandardCharsets.UTF_8), IncludeObject.NONE))
                .isInstanceOf(UncheckedIOException.class);
    }

    @ParameterizedTest(name = "includeObject={0} means {1}")
    @CsvSource(
            value = {"None,NONE", "Metadata,METADATA", "Object,OBJECT", "'',METADATA", "null,METADATA"},
            nullValues = "null")
    void readsTheIncludeObjectQueryParameter(String parameter, IncludeObject expected) {
        assertThat(IncludeObject.fromQueryParameter(parameter)).isEqualTo(expected);
    }

    @Test
    void rejectsUnknownIncludeObjectValuesWithKubernetesMessage() {
        assertThatThrownBy(() -> IncludeObject.fromQueryParameter("object"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unrecognized includeObject value: \"object\"");
    }
}
