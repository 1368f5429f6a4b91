package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Swagger 2.0 document in the protobuf form kube-apiserver serves under /openapi/v2 to clients
 * that accept {@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}: gnostic's {@code
 * openapi.v2.Document} (google/gnostic-models, openapiv2/OpenAPIv2.proto). kubectl accepts nothing
 * else there, and falls back to it for client-side validation of every kind the OpenAPI v3
 * documents do not cover, such as the autoscaling/v1 Scale of {@code apply --subresource=scale}.
 *
 * <p>Values gnostic keeps as YAML text (defaults, enums, examples, vendor extensions) are written
 * as their JSON text, which is YAML as well. Map-like objects (paths, definitions, properties,
 * responses) become repeated name/value pairs in the order of their sorted names, as the JSON form
 * is written. OAuth2 security schemes are not written: the API server declares none.
 */
final class SwaggerV2Protobuf {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The validation keywords shared by non-body parameters, array items and headers, in their
     * field order; each message numbers them consecutively from its own first one.
     */
    private static final List<String> PRIMITIVE_KEYWORDS = List.of(
            "type",
            "format",
            "items",
            "collectionFormat",
            "default",
            "maximum",
            "exclusiveMaximum",
            "minimum",
            "exclusiveMinimum",
            "maxLength",
            "minLength",
            "pattern",
            "maxItems",
            "minItems",
            "uniqueItems",
            "enum",
            "multipleOf");

    private SwaggerV2Protobuf() {}

    static byte[] encode(JsonNode document) {
        ProtoWriter out = new ProtoWriter()
                .string(1, document.get("swagger"))
                .optional(document, "info", 2, SwaggerV2Protobuf::info)
                .string(3, document.get("host"))
                .string(4, document.get("basePath"))
                .strings(5, document.get("schemes"))
                .strings(6, document.get("consumes"))
                .strings(7, document.get("produces"));
        if (document.has("paths")) {
            ProtoWriter paths = new ProtoWriter();
            vendorExtensions(paths, 1, document.get("paths"));
            entries(document.get("paths"), false, (name, item) -> paths.message(2, pair(name, pathItem(item))));
            out.message(8, paths);
        }
        out.optional(document, "definitions", 9, definitions -> namedSchemas(definitions));
        out.optional(document, "parameters", 10, parameters -> {
            ProtoWriter all = new ProtoWriter();
            entries(parameters, true, (name, parameter) -> all.message(1, pair(name, parameter(parameter))));
            return all;
        });
        out.optional(document, "responses", 11, responses -> {
            ProtoWriter all = new ProtoWriter();
            entries(responses, true, (name, response) -> all.message(1, pair(name, response(response))));
            return all;
        });
        each(document.get("security"), requirement -> out.message(12, securityRequirement(requirement)));
        out.optional(document, "securityDefinitions", 13, SwaggerV2Protobuf::securityDefinitions);
        each(document.get("tags"), tag -> out.message(14, tag(tag)));
        out.optional(document, "externalDocs", 15, SwaggerV2Protobuf::externalDocs);
        vendorExtensions(out, 16, document);
        return out.toByteArray();
    }

    private static ProtoWriter info(JsonNode info) {
        ProtoWriter out = new ProtoWriter()
                .string(1, info.get("title"))
                .string(2, info.get("version"))
                .string(3, info.get("description"))
                .string(4, info.get("termsOfService"))
                .optional(
                        info,
                        "contact",
                        5,
                        contact -> vendorExtensions(
                                new ProtoWriter()
                                        .string(1, contact.get("name"))
                                        .string(2, contact.get("url"))
                                        .string(3, contact.get("email")),
                                4,
                                contact))
                .optional(
                        info,
                        "license",
                        6,
                        license -> vendorExtensions(
                                new ProtoWriter().string(1, license.get("name")).string(2, license.get("url")),
                                3,
                                license));
        return vendorExtensions(out, 7, info);
    }

    private static ProtoWriter pathItem(JsonNode item) {
        ProtoWriter out = new ProtoWriter().string(1, item.get("$ref"));
        List<String> methods = List.of("get", "put", "post", "delete", "options", "head", "patch");
        for (int i = 0; i < methods.size(); i++) {
            out.optional(item, methods.get(i), 2 + i, SwaggerV2Protobuf::operation);
        }
        each(item.get("parameters"), parameter -> out.message(9, parametersItem(parameter)));
        return vendorExtensions(out, 10, item);
    }

    private static ProtoWriter operation(JsonNode operation) {
        ProtoWriter out = new ProtoWriter()
                .strings(1, operation.get("tags"))
                .string(2, operation.get("summary"))
                .string(3, operation.get("description"))
                .optional(operation, "externalDocs", 4, SwaggerV2Protobuf::externalDocs)
                .string(5, operation.get("operationId"))
                .strings(6, operation.get("produces"))
                .strings(7, operation.get("consumes"));
        each(operation.get("parameters"), parameter -> out.message(8, parametersItem(parameter)));
        out.optional(operation, "responses", 9, responses -> {
            ProtoWriter all = new ProtoWriter();
            entries(responses, false, (code, response) -> all.message(1, pair(code, responseValue(response))));
            return vendorExtensions(all, 2, responses);
        });
        out.strings(10, operation.get("schemes")).bool(11, operation.get("deprecated"));
        each(operation.get("security"), requirement -> out.message(12, securityRequirement(requirement)));
        return vendorExtensions(out, 13, operation);
    }

    private static ProtoWriter parametersItem(JsonNode parameter) {
        if (parameter.has("$ref")) {
            return new ProtoWriter().message(2, jsonReference(parameter));
        }
        return new ProtoWriter().message(1, parameter(parameter));
    }

    private static ProtoWriter parameter(JsonNode parameter) {
        String in = parameter.path("in").asText();
        if (in.equals("body")) {
            ProtoWriter body = new ProtoWriter()
                    .string(1, parameter.get("description"))
                    .string(2, parameter.get("name"))
                    .string(3, in)
                    .bool(4, parameter.get("required"))
                    .optional(parameter, "schema", 5, SwaggerV2Protobuf::schema);
            return new ProtoWriter().message(1, vendorExtensions(body, 6, parameter));
        }
        // header and path parameters have no allowEmptyValue; formData and query have it fifth.
        int kind;
        boolean allowsEmpty;
        switch (in) {
            case "header" -> {
                kind = 1;
                allowsEmpty = false;
            }
            case "formData" -> {
                kind = 2;
                allowsEmpty = true;
            }
            case "query" -> {
                kind = 3;
                allowsEmpty = true;
            }
            case "path" -> {
                kind = 4;
                allowsEmpty = false;
            }
            default -> throw new IllegalArgumentException("a parameter in " + in + " has no Swagger 2.0 form");
        }
        ProtoWriter sub = new ProtoWriter()
                .bool(1, parameter.get("required"))
                .string(2, in)
                .string(3, parameter.get("description"))
                .string(4, parameter.get("name"));
        int first = 5;
        if (allowsEmpty) {
            sub.bool(5, parameter.get("allowEmptyValue"));
            first = 6;
        }
        primitives(sub, first, parameter);
        vendorExtensions(sub, first + PRIMITIVE_KEYWORDS.size(), parameter);
        return new ProtoWriter().message(2, new ProtoWriter().message(kind, sub));
    }

    /** The validation keywords of {@link #PRIMITIVE_KEYWORDS}, numbered from {@code first}. */
    private static void primitives(ProtoWriter out, int first, JsonNode node) {
        for (int i = 0; i < PRIMITIVE_KEYWORDS.size(); i++) {
            String keyword = PRIMITIVE_KEYWORDS.get(i);
            JsonNode value = node.get(keyword);
            int field = first + i;
            if (value == null) {
                continue;
            }
            switch (keyword) {
                case "items" -> out.message(field, primitivesItems(value));
                case "default" -> out.message(field, any(value));
                case "enum" -> value.forEach(member -> out.message(field, any(member)));
                case "maximum", "minimum", "multipleOf" -> out.float64(field, value);
                case "exclusiveMaximum", "exclusiveMinimum", "uniqueItems" -> out.bool(field, value);
                case "maxLength", "minLength", "maxItems", "minItems" -> out.int64(field, value);
                default -> out.string(field, value);
            }
        }
    }

    private static ProtoWriter primitivesItems(JsonNode items) {
        ProtoWriter out = new ProtoWriter();
        primitives(out, 1, items);
        return vendorExtensions(out, 18, items);
    }

    private static ProtoWriter responseValue(JsonNode response) {
        if (response.has("$ref")) {
            return new ProtoWriter().message(2, jsonReference(response));
        }
        return new ProtoWriter().message(1, response(response));
    }

    private static ProtoWriter response(JsonNode response) {
        ProtoWriter out = new ProtoWriter().string(1, response.get("description"));
        out.optional(
                response,
                "schema",
                2,
                schema -> "file".equals(schema.path("type").asText())
                        ? new ProtoWriter().message(2, fileSchema(schema))
                        : new ProtoWriter().message(1, schema(schema)));
        out.optional(response, "headers", 3, headers -> {
            ProtoWriter all = new ProtoWriter();
            entries(headers, true, (name, header) -> {
                ProtoWriter value = new ProtoWriter();
                primitives(value, 1, header);
                value.string(18, header.get("description"));
                all.message(1, pair(name, vendorExtensions(value, 19, header)));
            });
            return all;
        });
        out.optional(response, "examples", 4, examples -> {
            ProtoWriter all = new ProtoWriter();
            entries(examples, true, (type, example) -> all.message(1, pair(type, any(example))));
            return all;
        });
        return vendorExtensions(out, 5, response);
    }

    private static ProtoWriter schema(JsonNode schema) {
        ProtoWriter out = new ProtoWriter()
                .string(1, schema.get("$ref"))
                .string(2, schema.get("format"))
                .string(3, schema.get("title"))
                .string(4, schema.get("description"))
                .optional(schema, "default", 5, SwaggerV2Protobuf::any)
                .float64(6, schema.get("multipleOf"))
                .float64(7, schema.get("maximum"))
                .bool(8, schema.get("exclusiveMaximum"))
                .float64(9, schema.get("minimum"))
                .bool(10, schema.get("exclusiveMinimum"))
                .int64(11, schema.get("maxLength"))
                .int64(12, schema.get("minLength"))
                .string(13, schema.get("pattern"))
                .int64(14, schema.get("maxItems"))
                .int64(15, schema.get("minItems"))
                .bool(16, schema.get("uniqueItems"))
                .int64(17, schema.get("maxProperties"))
                .int64(18, schema.get("minProperties"))
                .strings(19, schema.get("required"));
        each(schema.get("enum"), member -> out.message(20, any(member)));
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null) {
            out.message(
                    21,
                    additional.isBoolean()
                            ? new ProtoWriter().oneofBool(2, additional.asBoolean())
                            : new ProtoWriter().message(1, schema(additional)));
        }
        out.optional(schema, "type", 22, type -> new ProtoWriter().strings(1, type));
        out.optional(schema, "items", 23, items -> {
            ProtoWriter all = new ProtoWriter();
            if (items.isArray()) {
                items.forEach(item -> all.message(1, schema(item)));
            } else {
                all.message(1, schema(items));
            }
            return all;
        });
        each(schema.get("allOf"), member -> out.message(24, schema(member)));
        out.optional(schema, "properties", 25, SwaggerV2Protobuf::namedSchemas);
        out.string(26, schema.get("discriminator")).bool(27, schema.get("readOnly"));
        out.optional(
                schema,
                "xml",
                28,
                xml -> vendorExtensions(
                        new ProtoWriter()
                                .string(1, xml.get("name"))
                                .string(2, xml.get("namespace"))
                                .string(3, xml.get("prefix"))
                                .bool(4, xml.get("attribute"))
                                .bool(5, xml.get("wrapped")),
                        6,
                        xml));
        out.optional(schema, "externalDocs", 29, SwaggerV2Protobuf::externalDocs);
        out.optional(schema, "example", 30, SwaggerV2Protobuf::any);
        return vendorExtensions(out, 31, schema);
    }

    private static ProtoWriter fileSchema(JsonNode schema) {
        ProtoWriter out = new ProtoWriter()
                .string(1, schema.get("format"))
                .string(2, schema.get("title"))
                .string(3, schema.get("description"))
                .optional(schema, "default", 4, SwaggerV2Protobuf::any)
                .strings(5, schema.get("required"))
                .string(6, schema.get("type"))
                .bool(7, schema.get("readOnly"))
                .optional(schema, "externalDocs", 8, SwaggerV2Protobuf::externalDocs)
                .optional(schema, "example", 9, SwaggerV2Protobuf::any);
        return vendorExtensions(out, 10, schema);
    }

    /** Definitions and properties alike: repeated NamedSchema at field 1. */
    private static ProtoWriter namedSchemas(JsonNode schemas) {
        ProtoWriter all = new ProtoWriter();
        entries(schemas, true, (name, schema) -> all.message(1, pair(name, schema(schema))));
        return all;
    }

    private static ProtoWriter securityRequirement(JsonNode requirement) {
        ProtoWriter out = new ProtoWriter();
        entries(
                requirement,
                true,
                (scheme, scopes) -> out.message(1, pair(scheme, new ProtoWriter().strings(1, scopes))));
        return out;
    }

    private static ProtoWriter securityDefinitions(JsonNode definitions) {
        ProtoWriter all = new ProtoWriter();
        entries(definitions, true, (name, definition) -> {
            String type = definition.path("type").asText();
            ProtoWriter item = switch (type) {
                case "basic" ->
                    new ProtoWriter()
                            .message(
                                    1,
                                    vendorExtensions(
                                            new ProtoWriter().string(1, type).string(2, definition.get("description")),
                                            3,
                                            definition));
                case "apiKey" ->
                    new ProtoWriter()
                            .message(
                                    2,
                                    vendorExtensions(
                                            new ProtoWriter()
                                                    .string(1, type)
                                                    .string(2, definition.get("name"))
                                                    .string(3, definition.get("in"))
                                                    .string(4, definition.get("description")),
                                            5,
                                            definition));
                default ->
                    throw new IllegalArgumentException("security scheme type " + type
                            + " is not written: the API server declares only apiKey and basic schemes");
            };
            all.message(1, pair(name, item));
        });
        return all;
    }

    private static ProtoWriter tag(JsonNode tag) {
        ProtoWriter out = new ProtoWriter()
                .string(1, tag.get("name"))
                .string(2, tag.get("description"))
                .optional(tag, "externalDocs", 3, SwaggerV2Protobuf::externalDocs);
        return vendorExtensions(out, 4, tag);
    }

    private static ProtoWriter externalDocs(JsonNode docs) {
        return vendorExtensions(
                new ProtoWriter().string(1, docs.get("description")).string(2, docs.get("url")), 3, docs);
    }

    private static ProtoWriter jsonReference(JsonNode reference) {
        return new ProtoWriter().string(1, reference.get("$ref")).string(2, reference.get("description"));
    }

    /** gnostic's Any: the value as YAML text (field 2). */
    private static ProtoWriter any(JsonNode value) {
        try {
            return new ProtoWriter().string(2, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** The {@code x-} keys of a node as repeated NamedAny at {@code field}. */
    private static ProtoWriter vendorExtensions(ProtoWriter out, int field, JsonNode node) {
        entries(node, true, (name, value) -> {
            if (name.startsWith("x-")) {
                out.message(field, pair(name, any(value)));
            }
        });
        return out;
    }

    /** gnostic's Named* pair: the name at field 1, the value at field 2. */
    private static ProtoWriter pair(String name, ProtoWriter value) {
        return new ProtoWriter().string(1, name).message(2, value);
    }

    /**
     * The entries of an object in sorted order; without {@code withExtensions}, its {@code x-} keys
     * are left out, for objects (paths, responses) where they are extensions rather than entries.
     */
    private static void entries(JsonNode object, boolean withExtensions, NamedConsumer consumer) {
        if (object == null || !object.isObject()) {
            return;
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        for (String name : names) {
            if (withExtensions || !name.startsWith("x-")) {
                consumer.accept(name, object.get(name));
            }
        }
    }

    private static void each(JsonNode array, Consumer<JsonNode> consumer) {
        if (array != null && array.isArray()) {
            array.forEach(consumer);
        }
    }

    @FunctionalInterface
    private interface NamedConsumer {
        void accept(String name, JsonNode value);
    }
}
