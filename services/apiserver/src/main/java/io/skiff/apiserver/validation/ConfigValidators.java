package io.skiff.apiserver.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.json.KubeJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/** ConfigMaps and Secrets: key syntax, the 1 MiB size limit, typed secrets and immutability. */
final class ConfigValidators {

    static final int MAX_DATA_SIZE = 1024 * 1024;

    private static final FieldPath DATA = FieldPath.root("data");
    private static final FieldPath STRING_DATA = FieldPath.root("stringData");
    private static final FieldPath BINARY_DATA = FieldPath.root("binaryData");
    private static final FieldPath IMMUTABLE = FieldPath.root("immutable");
    private static final String IMMUTABLE_WHEN_SET = "field is immutable when `immutable` is set";
    private static final String REDACTED = "<secret contents redacted>";
    private static final String SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name";

    private ConfigValidators() {}

    static final class ConfigMapValidator implements KindValidator {
        @Override
        public void validate(ObjectNode configMap, ObjectNode old, Causes causes) {
            JsonNode data = Json.object(configMap, "data");
            JsonNode binaryData = Json.object(configMap, "binaryData");
            long size = 0;
            Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(data);
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String key = entry.getKey();
                causes.invalid(DATA.key(key), key, NameRules.isConfigMapKey(key));
                if (binaryData != null && binaryData.has(key)) {
                    causes.invalid(DATA.key(key), key, "duplicate of key present in binaryData");
                }
                size += NameRules.utf8Length(Json.valueText(entry.getValue()));
            }
            entries = Json.fields(binaryData);
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                causes.invalid(
                        BINARY_DATA.key(entry.getKey()), entry.getKey(), NameRules.isConfigMapKey(entry.getKey()));
                size += decodedLength(Json.valueText(entry.getValue()));
            }
            if (size > MAX_DATA_SIZE) {
                // The empty path: the limit is on the object as a whole.
                causes.tooLong(FieldPath.root(""), MAX_DATA_SIZE);
            }
            if (old != null && Json.isTrue(old, "immutable")) {
                if (!Json.isTrue(configMap, "immutable")) {
                    causes.forbidden(IMMUTABLE, IMMUTABLE_WHEN_SET);
                }
                if (!Json.semanticEquals(data, old.get("data"))) {
                    causes.forbidden(DATA, IMMUTABLE_WHEN_SET);
                }
                if (!Json.semanticEquals(binaryData, old.get("binaryData"))) {
                    causes.forbidden(BINARY_DATA, IMMUTABLE_WHEN_SET);
                }
            }
        }
    }

    /**
     * Secrets. Kubernetes merges {@code stringData} into {@code data} before validating; here both are read
     * as that merged view, and errors name the field the key was written in.
     */
    static final class SecretValidator implements KindValidator {
        @Override
        public void validate(ObjectNode secret, ObjectNode old, Causes causes) {
            JsonNode data = Json.object(secret, "data");
            JsonNode stringData = Json.object(secret, "stringData");
            long size = 0;
            Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(data);
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                causes.invalid(DATA.key(entry.getKey()), entry.getKey(), NameRules.isConfigMapKey(entry.getKey()));
                if (stringData == null || !stringData.has(entry.getKey())) {
                    size += decodedLength(Json.valueText(entry.getValue()));
                }
            }
            entries = Json.fields(stringData);
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                causes.invalid(
                        STRING_DATA.key(entry.getKey()), entry.getKey(), NameRules.isConfigMapKey(entry.getKey()));
                size += NameRules.utf8Length(Json.valueText(entry.getValue()));
            }
            if (size > MAX_DATA_SIZE) {
                causes.tooLong(DATA, MAX_DATA_SIZE);
            }
            validateType(secret, data, stringData, causes);
            if (old != null) {
                String type = Json.stringOr(secret, "type", "Opaque");
                if (!type.equals(Json.stringOr(old, "type", "Opaque"))) {
                    causes.immutable(FieldPath.root("type"), type);
                }
                if (Json.isTrue(old, "immutable")) {
                    if (!Json.isTrue(secret, "immutable")) {
                        causes.forbidden(IMMUTABLE, IMMUTABLE_WHEN_SET);
                    }
                    if (!Json.semanticEquals(data, old.get("data"))
                            || changesData(stringData, Json.object(old, "data"))) {
                        causes.forbidden(DATA, IMMUTABLE_WHEN_SET);
                    }
                }
            }
        }

        /** The keys each well-known secret type must carry. */
        private static void validateType(JsonNode secret, JsonNode data, JsonNode stringData, Causes causes) {
            switch (Json.stringOr(secret, "type", "Opaque")) {
                case "kubernetes.io/service-account-token" -> {
                    JsonNode annotations = Json.object(Json.object(secret, "metadata"), "annotations");
                    if (Json.string(annotations, SERVICE_ACCOUNT_NAME_ANNOTATION)
                            .isEmpty()) {
                        causes.required(FieldPath.of("metadata.annotations").key(SERVICE_ACCOUNT_NAME_ANNOTATION), "");
                    }
                }
                case "kubernetes.io/dockercfg" -> validateJsonKey(".dockercfg", data, stringData, causes);
                case "kubernetes.io/dockerconfigjson" -> validateJsonKey(".dockerconfigjson", data, stringData, causes);
                case "kubernetes.io/basic-auth" -> {
                    // Either may be empty, but one must be there.
                    if (!hasKey("username", data, stringData) && !hasKey("password", data, stringData)) {
                        causes.required(DATA.key("username"), "");
                        causes.required(DATA.key("password"), "");
                    }
                }
                case "kubernetes.io/ssh-auth" -> {
                    String key = value("ssh-privatekey", data, stringData);
                    if (key == null || key.isEmpty()) {
                        causes.required(DATA.key("ssh-privatekey"), "");
                    }
                }
                case "kubernetes.io/tls" -> {
                    for (String key : new String[] {"tls.crt", "tls.key"}) {
                        if (!hasKey(key, data, stringData)) {
                            causes.required(DATA.key(key), "");
                        }
                    }
                }
                default -> {}
            }
        }

        private static void validateJsonKey(String key, JsonNode data, JsonNode stringData, Causes causes) {
            String content = value(key, data, stringData);
            if (content == null) {
                causes.required(DATA.key(key), "");
                return;
            }
            try {
                JsonNode parsed = KubeJson.mapper().readTree(content);
                if (parsed == null || !parsed.isObject()) {
                    causes.invalid(
                            DATA.key(key),
                            REDACTED,
                            "json: cannot unmarshal into Go value of type map[string]interface {}");
                }
            } catch (JsonProcessingException e) {
                causes.invalid(DATA.key(key), REDACTED, e.getOriginalMessage());
            }
        }

        private static boolean hasKey(String key, JsonNode data, JsonNode stringData) {
            return (data != null && data.has(key)) || (stringData != null && stringData.has(key));
        }

        /** A key's content as text: from stringData as written, from data base64-decoded. */
        private static String value(String key, JsonNode data, JsonNode stringData) {
            if (stringData != null && stringData.has(key)) {
                return Json.valueText(stringData.get(key));
            }
            if (data != null && data.has(key)) {
                try {
                    return new String(
                            Base64.getDecoder().decode(Json.valueText(data.get(key))), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return "";
                }
            }
            return null;
        }

        /** Whether stringData would change data once merged into it. */
        private static boolean changesData(JsonNode stringData, JsonNode oldData) {
            Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(stringData);
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String encoded = Base64.getEncoder()
                        .encodeToString(Json.valueText(entry.getValue()).getBytes(StandardCharsets.UTF_8));
                if (oldData == null || !encoded.equals(Json.string(oldData, entry.getKey()))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The byte length of base64 content, computed without decoding it. */
    static long decodedLength(String base64) {
        int length = base64.length();
        if (length == 0) {
            return 0;
        }
        int padding = 0;
        if (base64.charAt(length - 1) == '=') {
            padding++;
            if (length > 1 && base64.charAt(length - 2) == '=') {
                padding++;
            }
        }
        return Math.max(0, (long) length * 3 / 4 - padding);
    }
}
