package io.skiff.apiserver.openapi;

import static io.skiff.apiserver.openapi.Documents.BUILTIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The protobuf /openapi/v2, read back by field number as gnostic's openapi_v2 messages declare
 * them (OpenAPIv2.proto), against the JSON document it must say the same as.
 */
class SwaggerV2ProtobufTest {

    private static final UnknownFieldSet DOCUMENT = parse(BUILTIN.v2Protobuf());

    @Test
    void headerFieldsAreTheJsonDocumentsOnes() {
        assertThat(text(DOCUMENT, 1)).isEqualTo("2.0");
        UnknownFieldSet info = message(DOCUMENT, 2);
        assertThat(text(info, 1)).isEqualTo("Kubernetes");
        assertThat(text(info, 2)).isEqualTo("unversioned");
    }

    @Test
    void everyDefinitionDecodesBackToItsJsonSchema() {
        JsonNode json = Documents.v2().path("definitions");
        List<String> names = new ArrayList<>();
        for (UnknownFieldSet named : messages(message(DOCUMENT, 9), 1)) {
            String name = text(named, 1);
            names.add(name);
            assertThat(schema(message(named, 2))).as(name).isEqualTo(json.get(name));
        }
        List<String> expected = new ArrayList<>();
        json.fieldNames().forEachRemaining(expected::add);
        assertThat(names)
                .as("sorted, as the JSON form is written")
                .containsExactlyElementsOf(expected.stream().sorted().toList());
    }

    @Test
    void theScaleKindKubectlLooksUpCarriesItsGroupVersionKind() {
        UnknownFieldSet scale = messages(message(DOCUMENT, 9), 1).stream()
                .filter(named -> text(named, 1).equals("io.k8s.api.autoscaling.v1.Scale"))
                .map(named -> message(named, 2))
                .findFirst()
                .orElseThrow();

        assertThat(schema(scale).get("x-kubernetes-group-version-kind"))
                .isEqualTo(json("[{\"group\":\"autoscaling\",\"kind\":\"Scale\",\"version\":\"v1\"}]"));
    }

    @Test
    void patchOperationsDeclareFieldValidationAsAQueryParameter() {
        UnknownFieldSet scalePath = messages(message(DOCUMENT, 8), 2).stream()
                .filter(named -> text(named, 1).equals("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"))
                .map(named -> message(named, 2))
                .findFirst()
                .orElseThrow();
        UnknownFieldSet patch = message(scalePath, 8);

        assertThat(text(patch, 5)).isEqualTo("patchAppsV1NamespacedDeploymentScale");
        List<String> queryParameters = new ArrayList<>();
        for (UnknownFieldSet item : messages(patch, 8)) {
            UnknownFieldSet nonBody = message(message(item, 1), 2);
            if (nonBody != null && message(nonBody, 3) != null) {
                UnknownFieldSet query = message(nonBody, 3);
                assertThat(text(query, 2)).isEqualTo("query");
                queryParameters.add(text(query, 4));
            }
        }
        assertThat(queryParameters).contains("fieldValidation", "fieldManager", "dryRun", "force");
        JsonNode extensions = extensions(messages(patch, 13));
        assertThat(extensions.get("x-kubernetes-group-version-kind"))
                .isEqualTo(json("{\"group\":\"autoscaling\",\"kind\":\"Scale\",\"version\":\"v1\"}"));
        assertThat(extensions.get("x-kubernetes-action").asText()).isEqualTo("patch");
    }

    @Test
    void isBuiltOnce() {
        assertThat(BUILTIN.v2Protobuf()).isSameAs(BUILTIN.v2Protobuf());
    }

    /** The JSON form of a gnostic Schema, for the keywords the API server writes. */
    private static JsonNode schema(UnknownFieldSet schema) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        putText(json, "$ref", schema, 1);
        putText(json, "format", schema, 2);
        putText(json, "description", schema, 4);
        List<String> required = texts(schema, 19);
        if (!required.isEmpty()) {
            required.forEach(json.putArray("required")::add);
        }
        List<UnknownFieldSet> enumeration = messages(schema, 20);
        if (!enumeration.isEmpty()) {
            enumeration.forEach(value -> json.withArray("enum").add(json(text(value, 2))));
        }
        UnknownFieldSet additional = message(schema, 21);
        if (additional != null) {
            UnknownFieldSet.Field bool = additional.getField(2);
            json.set(
                    "additionalProperties",
                    bool.getVarintList().isEmpty()
                            ? schema(message(additional, 1))
                            : JsonNodeFactory.instance.booleanNode(
                                    bool.getVarintList().get(0) != 0));
        }
        UnknownFieldSet type = message(schema, 22);
        if (type != null) {
            json.put("type", text(type, 1));
        }
        UnknownFieldSet items = message(schema, 23);
        if (items != null) {
            json.set("items", schema(message(items, 1)));
        }
        UnknownFieldSet properties = message(schema, 25);
        if (properties != null) {
            ObjectNode node = json.putObject("properties");
            for (UnknownFieldSet named : messages(properties, 1)) {
                node.set(text(named, 1), schema(message(named, 2)));
            }
        }
        json.setAll((ObjectNode) extensions(messages(schema, 31)));
        return json;
    }

    private static JsonNode extensions(List<UnknownFieldSet> namedAnys) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (UnknownFieldSet named : namedAnys) {
            json.set(text(named, 1), json(text(message(named, 2), 2)));
        }
        return json;
    }

    private static void putText(ObjectNode json, String key, UnknownFieldSet message, int field) {
        String value = text(message, field);
        if (value != null) {
            json.put(key, value);
        }
    }

    private static String text(UnknownFieldSet message, int field) {
        List<String> values = texts(message, field);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static List<String> texts(UnknownFieldSet message, int field) {
        return message.getField(field).getLengthDelimitedList().stream()
                .map(bytes -> bytes.toString(StandardCharsets.UTF_8))
                .toList();
    }

    private static UnknownFieldSet message(UnknownFieldSet message, int field) {
        List<UnknownFieldSet> all = messages(message, field);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    private static List<UnknownFieldSet> messages(UnknownFieldSet message, int field) {
        List<UnknownFieldSet> messages = new ArrayList<>();
        for (ByteString bytes : message.getField(field).getLengthDelimitedList()) {
            messages.add(parse(bytes.toByteArray()));
        }
        return messages;
    }

    private static UnknownFieldSet parse(byte[] bytes) {
        try {
            return UnknownFieldSet.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a protobuf message", e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return KubeJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
