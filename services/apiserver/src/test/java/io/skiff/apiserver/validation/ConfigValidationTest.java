package io.skiff.apiserver.validation;

import static io.skiff.apiserver.validation.TestObjects.Expected.cause;
import static io.skiff.apiserver.validation.TestObjects.assertCauses;
import static io.skiff.apiserver.validation.TestObjects.type;
import static io.skiff.apiserver.validation.TestObjects.with;
import static io.skiff.apiserver.validation.TestObjects.withKey;
import static io.skiff.apiserver.validation.TestObjects.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.validation.TestObjects.Expected;
import io.skiff.model.catalog.ResourceType;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigValidationTest {

    private static final ObjectValidation VALIDATION = ObjectValidation.builtin();
    private static final ResourceType CONFIG_MAPS = type("", "ConfigMap", true);
    private static final ResourceType SECRETS = type("", "Secret", true);
    private static final String REQUIRED = Causes.REQUIRED;
    private static final String INVALID = Causes.INVALID;
    private static final String FORBIDDEN = Causes.FORBIDDEN;
    private static final String IMMUTABLE_WHEN_SET = "Forbidden: field is immutable when `immutable` is set";

    static final ObjectNode CONFIG_MAP = yaml("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: default}
            data:
              app.properties: "mode=production"
              LOG_LEVEL: info
            binaryData:
              logo.png: iVBORw0KGgo=
            """);
    static final ObjectNode SECRET = yaml("""
            apiVersion: v1
            kind: Secret
            metadata: {name: web-tls, namespace: default}
            type: kubernetes.io/tls
            data:
              tls.crt: Y2VydA==
              tls.key: a2V5
            """);

    static Stream<Arguments> creates() {
        String megabyte = "x".repeat(ConfigValidators.MAX_DATA_SIZE);
        return Stream.of(
                create("a config map", CONFIG_MAPS, CONFIG_MAP),
                create(
                        "a config map key with a space",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "data.bad key", "x"),
                        cause(
                                "data[bad key]",
                                INVALID,
                                "Invalid value: \"bad key\": a valid config key must consist of"
                                        + " alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name',"
                                        + " regex used for validation is '[-._a-zA-Z0-9]+')")),
                create(
                        "a key in both data and binary data",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "binaryData.LOG_LEVEL", "aW5mbw=="),
                        cause(
                                "data[LOG_LEVEL]",
                                INVALID,
                                "Invalid value: \"LOG_LEVEL\": duplicate of key present in binaryData")),
                create(
                        "more than 1 MiB of data",
                        CONFIG_MAPS,
                        with(CONFIG_MAP, "data.big", megabyte),
                        cause("", Causes.TOO_LONG, "Too long: may not be more than 1048576 bytes")),
                create("a TLS secret", SECRETS, SECRET),
                create(
                        "an opaque secret from string data",
                        SECRETS,
                        yaml("{metadata: {name: s, namespace: d}, stringData: {password: hunter2}}")),
                create(
                        "a TLS secret given as string data",
                        SECRETS,
                        yaml("{metadata: {name: s, namespace: d}, type: kubernetes.io/tls,"
                                + " stringData: {tls.crt: cert, tls.key: key}}")),
                create(
                        "a TLS secret without its key",
                        SECRETS,
                        withKey(SECRET, "data", "tls.key", null),
                        cause("data[tls.key]", REQUIRED, "Required value")),
                create(
                        "a secret key that starts with dot-dot",
                        SECRETS,
                        withKey(SECRET, "data", "..data", "eA=="),
                        cause("data[..data]", INVALID, "Invalid value: \"..data\": must not start with '..'")),
                create(
                        "more than 1 MiB of secret data",
                        SECRETS,
                        with(SECRET, "stringData.big", megabyte),
                        cause("data", Causes.TOO_LONG, "Too long: may not be more than 1048576 bytes")),
                create(
                        "a docker config that is not JSON",
                        SECRETS,
                        yaml("{metadata: {name: s, namespace: d}, type: kubernetes.io/dockerconfigjson,"
                                + " data: {.dockerconfigjson: " + base64("not json") + "}}"),
                        cause("data[.dockerconfigjson]", INVALID)),
                create(
                        "a docker config secret without its key",
                        SECRETS,
                        yaml("{metadata: {name: s, namespace: d}, type: kubernetes.io/dockerconfigjson}"),
                        cause("data[.dockerconfigjson]", REQUIRED)),
                create(
                        "a docker config secret",
                        SECRETS,
                        yaml("{metadata: {name: s, namespace: d}, type: kubernetes.io/dockerconfigjson,"
                                + " data: {.dockerconfigjson: " + base64("{\"auths\":{}}") + "}}")),
                create(
                        "a basic auth secret with neither username nor password",
                        SECRETS,
                        yaml("{metadata: {name: s, namespace: d}, type: kubernetes.io/basic-auth}"),
                        cause("data[username]", REQUIRED),
                        cause("data[password]", REQUIRED)),
                create(
                        "a service account token secret without its account",
                        SECRETS,
                        yaml("{metadata: {name: s, namespace: d}, type: kubernetes.io/service-account-token}"),
                        cause("metadata.annotations[kubernetes.io/service-account.name]", REQUIRED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesOnCreate(String name, ResourceType type, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateCreate(type, object), expected);
    }

    static Stream<Arguments> updates() {
        ObjectNode frozenMap = with(CONFIG_MAP, "immutable", true);
        ObjectNode frozenSecret = with(SECRET, "immutable", true);
        return Stream.of(
                update(
                        "a config map with new data",
                        CONFIG_MAPS,
                        CONFIG_MAP,
                        with(CONFIG_MAP, "data.LOG_LEVEL", "debug")),
                update("a config map made immutable", CONFIG_MAPS, CONFIG_MAP, frozenMap),
                update(
                        "new labels on an immutable config map",
                        CONFIG_MAPS,
                        frozenMap,
                        with(frozenMap, "metadata.labels", "{a: b}")),
                update(
                        "new data in an immutable config map",
                        CONFIG_MAPS,
                        frozenMap,
                        with(frozenMap, "data.LOG_LEVEL", "debug"),
                        cause("data", FORBIDDEN, IMMUTABLE_WHEN_SET)),
                update(
                        "an immutable config map made mutable",
                        CONFIG_MAPS,
                        frozenMap,
                        with(frozenMap, "immutable", false),
                        cause("immutable", FORBIDDEN, IMMUTABLE_WHEN_SET)),
                update(
                        "new binary data in an immutable config map",
                        CONFIG_MAPS,
                        frozenMap,
                        withKey(frozenMap, "binaryData", "logo.png", "AAAA"),
                        cause("binaryData", FORBIDDEN, IMMUTABLE_WHEN_SET)),
                update(
                        "a secret with a new type",
                        SECRETS,
                        SECRET,
                        with(SECRET, "type", "Opaque"),
                        cause("type", INVALID, "Invalid value: \"Opaque\": field is immutable")),
                update(
                        "an opaque secret that states its default type",
                        SECRETS,
                        yaml("{metadata: {name: s, namespace: d}, data: {a: eA==}}"),
                        yaml("{metadata: {name: s, namespace: d}, type: Opaque, data: {a: eA==}}")),
                update(
                        "new string data in an immutable secret",
                        SECRETS,
                        frozenSecret,
                        withKey(frozenSecret, "stringData", "tls.key", "other"),
                        cause("data", FORBIDDEN, IMMUTABLE_WHEN_SET)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesOnUpdate(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateUpdate(type, object, old), expected);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes());
    }

    static Arguments create(String name, ResourceType type, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, object, List.of(expected));
    }

    static Arguments update(String name, ResourceType type, ObjectNode old, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, old, object, List.of(expected));
    }
}
