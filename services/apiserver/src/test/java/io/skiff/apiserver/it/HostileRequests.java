package io.skiff.apiserver.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.json.KubeJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Generates hostile requests, each from a seeded random source so a run can be repeated. Requests
 * aimed at the seeded objects are built never to be acceptable (a wrong type, a bad body, a
 * mismatch), so that any of them succeeding shows up as a changed object.
 */
final class HostileRequests {

    /** An object stored before the fuzzing, with the JSON the server answered for it. */
    record Target(String collection, String name, String namespace, String apiVersion, String kind, ObjectNode stored) {
        String path() {
            return collection + "/" + name;
        }

        String resourceVersion() {
            return stored.at("/metadata/resourceVersion").asText();
        }

        ObjectNode copy() {
            return stored.deepCopy();
        }
    }

    static final long MAX_BODY = 3L * 1024 * 1024;
    static final String JSON = "application/json";
    static final String YAML = "application/yaml";
    static final String MERGE = "application/merge-patch+json";
    static final String STRATEGIC = "application/strategic-merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";
    static final String APPLY = "application/apply-patch+yaml";
    static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

    private record Category(String name, int weight, Function<SplittableRandom, FuzzRequest> generate) {}

    private final List<Target> targets;
    private final List<String> collections;
    private final List<Category> categories;
    private final int totalWeight;

    HostileRequests(List<Target> targets) {
        this.targets = targets;
        this.collections = targets.stream().map(Target::collection).distinct().toList();
        this.categories = List.of(
                new Category("invalid-json", 10, this::invalidJson),
                new Category("wrong-types", 10, this::wrongTypes),
                new Category("huge-strings", 1, this::hugeStrings),
                new Category("deep-nesting", 4, this::deepNesting),
                new Category("yaml-bomb", 3, this::yamlBomb),
                new Category("invalid-utf8", 5, this::invalidUtf8),
                new Category("bad-content-type", 6, this::badContentType),
                new Category("bad-patch", 12, this::badPatch),
                new Category("bad-query", 10, this::badQuery),
                new Category("watch-junk", 4, this::watchJunk),
                new Category("odd-path", 10, this::oddPath),
                new Category("raw-path", 2, this::rawPath),
                new Category("wrong-method", 6, this::wrongMethod),
                new Category("kind-mismatch", 6, this::kindMismatch),
                new Category("namespace-mismatch", 5, this::namespaceMismatch),
                new Category("protobuf-garbage", 5, this::protobufGarbage),
                new Category("declared-length", 1, this::declaredLength));
        this.totalWeight = categories.stream().mapToInt(Category::weight).sum();
    }

    FuzzRequest next(SplittableRandom random) {
        int pick = random.nextInt(totalWeight);
        for (Category category : categories) {
            pick -= category.weight();
            if (pick < 0) {
                return category.generate().apply(random);
            }
        }
        throw new IllegalStateException();
    }

    /** Bodies just over the limit, each sent once: they are the expensive ones. */
    List<FuzzRequest> overLimit(SplittableRandom random) {
        Target target = target(random);
        String filler = "x".repeat((int) MAX_BODY);
        ObjectNode put = target.copy();
        put.putObject("metadata").put("name", target.name()).put("resourceVersion", target.resourceVersion());
        put.put("filler", filler + "y".repeat(1 + random.nextInt(1000)));
        byte[] justOver = bytes(put);
        byte[] exactlyOver = new byte[(int) MAX_BODY + 1];
        java.util.Arrays.fill(exactlyOver, (byte) ' ');
        exactlyOver[0] = '{';
        exactlyOver[exactlyOver.length - 1] = '}';
        return List.of(
                FuzzRequest.of("over-limit", "PUT", target.path(), JSON, justOver),
                FuzzRequest.of("over-limit", "PATCH", target.path(), MERGE, exactlyOver),
                FuzzRequest.of("over-limit", "POST", target.collection(), YAML, exactlyOver),
                FuzzRequest.of("over-limit", "PATCH", target.path(), JSON_PATCH, justOver),
                FuzzRequest.of("over-limit", "DELETE", target.path(), JSON, exactlyOver),
                // Chunked, so only the bytes read tell.
                new FuzzRequest("over-limit-chunked", "POST", target.collection(), JSON, justOver, false, false));
    }

    // --- categories ---

    private FuzzRequest invalidJson(SplittableRandom random) {
        Target target = target(random);
        ObjectNode object = target.copy();
        byte[] whole = bytes(object);
        byte[] body = switch (random.nextInt(6)) {
            case 0 -> java.util.Arrays.copyOf(whole, random.nextInt(whole.length)); // truncated
            case 1 -> concat(whole, pick(random, "}", "x", "{}", ",", " garbage", "]", "\u0000"));
            case 2 -> randomBytes(random, 1 + random.nextInt(200));
            case 3 ->
                pick(
                                random,
                                "{",
                                "[",
                                "\"",
                                "nul",
                                "tru",
                                "{\"a\":}",
                                "{\"a\" 1}",
                                "{'a':1}",
                                "{a:1}",
                                "{\"metadata\":{\"name\":\"x\",}}",
                                "0x1F",
                                "NaN",
                                "{\"a\":1e999999}",
                                "{\"a\":-}",
                                "[,]",
                                "{\"a\":\"\\x41\"}",
                                "{\"a\":\"\\u12\"}",
                                "{\"a\":01}",
                                "/* c */ {}",
                                "{\"a\":1}}")
                        .getBytes(StandardCharsets.UTF_8);
            case 4 -> mutateBytes(random, whole);
            default -> new byte[0];
        };
        if (body.length == 0 && random.nextBoolean()) {
            body = " \n\t ".getBytes(StandardCharsets.UTF_8);
        }
        return switch (random.nextInt(5)) {
            case 0 -> FuzzRequest.of("invalid-json", "POST", target.collection(), JSON, body);
            case 1, 2 -> FuzzRequest.of("invalid-json", "PUT", target.path(), JSON, body);
            case 3 ->
                FuzzRequest.of(
                        "invalid-json", "PATCH", target.path(), pick(random, MERGE, STRATEGIC, JSON_PATCH), body);
            default -> {
                // DeleteOptions with unknown fields are valid (and delete): send a proper prefix of
                // the object's compact JSON instead, which never parses.
                byte[] cut = java.util.Arrays.copyOf(whole, random.nextInt(whole.length));
                yield FuzzRequest.of(
                        "invalid-json", "DELETE", target.path(), JSON, cut.length == 0 ? "{".getBytes() : cut);
            }
        };
    }

    private FuzzRequest wrongTypes(SplittableRandom random) {
        Target target = target(random);
        ObjectNode object = target.copy();
        String[] field = wrongTypeField(random, target);
        String leaf = field[field.length - 1];
        boolean stringMap = List.of("labels", "annotations", "data", "binaryData", "stringData", "nodeSelector")
                        .contains(leaf)
                || leaf.equals("selector") && target.kind().equals("Service");
        JsonNode wrong = wrongValue(random, leaf, stringMap);
        ObjectNode patch = KubeJson.mapper().createObjectNode();
        set(object, field, wrong);
        set(patch, field, wrong);
        return switch (random.nextInt(4)) {
            case 0 -> FuzzRequest.of("wrong-types", "PUT", target.path(), JSON, bytes(object));
            case 1 -> FuzzRequest.of("wrong-types", "PATCH", target.path(), MERGE, bytes(patch));
            case 2 -> FuzzRequest.of("wrong-types", "PATCH", target.path(), STRATEGIC, bytes(patch));
            default -> {
                ObjectNode create = object.deepCopy();
                if (create.get("metadata") instanceof ObjectNode metadata) {
                    metadata.remove(List.of("resourceVersion", "uid", "creationTimestamp"));
                }
                yield FuzzRequest.of("wrong-types", "POST", target.collection(), JSON, bytes(create));
            }
        };
    }

    private String[] wrongTypeField(SplittableRandom random, Target target) {
        List<String[]> common = List.of(
                new String[] {"metadata"},
                new String[] {"metadata", "name"},
                new String[] {"metadata", "labels"},
                new String[] {"metadata", "annotations"},
                new String[] {"metadata", "resourceVersion"},
                new String[] {"metadata", "finalizers"},
                new String[] {"metadata", "ownerReferences"},
                new String[] {"metadata", "generation"},
                new String[] {"kind"},
                new String[] {"apiVersion"});
        List<String[]> specific = switch (target.kind()) {
            case "ConfigMap" -> List.of(new String[] {"data"}, new String[] {"binaryData"}, new String[] {"immutable"});
            case "Secret" -> List.of(new String[] {"data"}, new String[] {"stringData"}, new String[] {"type"});
            case "Pod" ->
                List.of(
                        new String[] {"spec"},
                        new String[] {"spec", "containers"},
                        new String[] {"spec", "restartPolicy"},
                        new String[] {"spec", "terminationGracePeriodSeconds"},
                        new String[] {"spec", "nodeSelector"});
            case "Service" ->
                List.of(
                        new String[] {"spec"},
                        new String[] {"spec", "ports"},
                        new String[] {"spec", "selector"},
                        new String[] {"spec", "clusterIP"},
                        new String[] {"spec", "type"});
            default ->
                List.of(
                        new String[] {"spec"},
                        new String[] {"spec", "replicas"},
                        new String[] {"spec", "selector"},
                        new String[] {"spec", "template"},
                        new String[] {"spec", "strategy"});
        };
        return random.nextInt(3) == 0
                ? common.get(random.nextInt(common.size()))
                : specific.get(random.nextInt(specific.size()));
    }

    /** A value of a JSON type the field never has (each field's real type is left out). */
    private static JsonNode wrongValue(SplittableRandom random, String field, boolean stringMap) {
        var nodes = KubeJson.mapper().getNodeFactory();
        boolean isString = List.of(
                        "name", "resourceVersion", "kind", "apiVersion", "restartPolicy", "clusterIP", "type")
                .contains(field);
        boolean isNumber = List.of("generation", "terminationGracePeriodSeconds", "replicas")
                .contains(field);
        boolean isArray =
                List.of("finalizers", "ownerReferences", "containers", "ports").contains(field);
        boolean isBoolean = field.equals("immutable");
        while (true) {
            switch (random.nextInt(5)) {
                case 0:
                    if (!isString) {
                        return nodes.textNode(pick(random, "three", "", "{}", "[]", "12abc", "true"));
                    }
                    break;
                case 1:
                    if (!isNumber) {
                        return random.nextBoolean()
                                ? nodes.numberNode(random.nextLong())
                                : nodes.numberNode(random.nextDouble() * 1e6);
                    }
                    break;
                case 2:
                    if (!isArray) {
                        ArrayNode array = nodes.arrayNode();
                        array.add("a").add(1).addObject().put("k", "v");
                        return array;
                    }
                    break;
                case 3:
                    if (!isBoolean) {
                        return nodes.booleanNode(random.nextBoolean());
                    }
                    break;
                default:
                    if (isString || isNumber || isArray || isBoolean) {
                        ObjectNode object = nodes.objectNode();
                        object.putArray("x").add(1);
                        return object;
                    }
                    if (stringMap) {
                        // A map of strings whose values are not strings. (For structs an object of
                        // unknown fields would be dropped, so it is never generated for them.)
                        ObjectNode map = nodes.objectNode();
                        map.put("k", random.nextInt(100));
                        map.putObject("nested").put("a", "b");
                        return map;
                    }
            }
        }
    }

    private FuzzRequest hugeStrings(SplittableRandom random) {
        Target target = target(random);
        ObjectNode object = target.copy();
        String huge = "a".repeat(64 * 1024 + random.nextInt(64 * 1024));
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        switch (random.nextInt(5)) {
            case 0 -> metadata.put("name", huge);
            case 1 -> metadata.putObject("labels").put("big", huge);
            case 2 ->
                metadata.putObject("annotations").put("big", "a".repeat(256 * 1024 + 1 + random.nextInt(16 * 1024)));
            case 3 -> metadata.putObject("labels").put(huge.substring(0, 300), "v");
            default -> {
                if (target.kind().equals("Secret") || target.kind().equals("ConfigMap")) {
                    ObjectNode data = object.putObject(target.kind().equals("Secret") ? "stringData" : "data");
                    data.put(huge.substring(0, 1000), "v");
                } else {
                    metadata.putObject("annotations").put(huge.substring(0, 1000) + "/x", "v");
                }
            }
        }
        if (random.nextBoolean()) {
            return FuzzRequest.of("huge-strings", "PUT", target.path(), JSON, bytes(object));
        }
        ObjectNode create = object.deepCopy();
        ((ObjectNode) create.get("metadata")).remove("resourceVersion");
        return FuzzRequest.of("huge-strings", "POST", target.collection(), JSON, bytes(create));
    }

    private FuzzRequest deepNesting(SplittableRandom random) {
        Target target = target(random);
        int depth = 101 + random.nextInt(random.nextBoolean() ? 100 : 2_000);
        StringBuilder body = new StringBuilder(depth * 8);
        boolean yaml = random.nextBoolean();
        String prefix = "{\"apiVersion\":\"" + target.apiVersion() + "\",\"kind\":\"" + target.kind()
                + "\",\"metadata\":{\"name\":\"" + target.name() + "\",\"resourceVersion\":\""
                + target.resourceVersion() + "\",\"annotations\":{\"a\":\"b\"}},\"deep\":";
        body.append(prefix);
        boolean arrays = random.nextBoolean();
        for (int i = 0; i < depth; i++) {
            body.append(arrays ? "[" : yaml ? "{a: " : "{\"a\":");
        }
        body.append("1");
        for (int i = 0; i < depth; i++) {
            body.append(arrays ? "]" : "}");
        }
        body.append("}");
        String type = yaml ? pick(random, YAML, APPLY) : pick(random, JSON, MERGE, STRATEGIC);
        String method = type.equals(JSON) ? pick(random, "PUT", "POST") : type.equals(YAML) ? "PUT" : "PATCH";
        String path = method.equals("POST") ? target.collection() : target.path();
        if (type.equals(APPLY)) {
            path += "?fieldManager=fuzz";
        }
        return FuzzRequest.of("deep-nesting", method, path, type, body.toString());
    }

    private FuzzRequest yamlBomb(SplittableRandom random) {
        Target target = target(random);
        // Always more aliases than the parser allows (50): below that it is a legitimate document.
        int levels = 6 + random.nextInt(5);
        int width = 9 + random.nextInt(2);
        StringBuilder yaml = new StringBuilder();
        yaml.append("apiVersion: ").append(target.apiVersion()).append('\n');
        yaml.append("kind: ").append(target.kind()).append('\n');
        yaml.append("metadata:\n  name: ").append(target.name()).append('\n');
        yaml.append("  resourceVersion: \"").append(target.resourceVersion()).append("\"\n");
        yaml.append("l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int level = 1; level <= levels; level++) {
            yaml.append('l').append(level).append(": &l").append(level).append(" [");
            for (int i = 0; i < width; i++) {
                yaml.append(i == 0 ? "" : ",").append("*l").append(level - 1);
            }
            yaml.append("]\n");
        }
        if (random.nextBoolean()) {
            // Anchors used as keys and merge keys: another way to make the parser do work.
            yaml.append("m: &m {a: 1}\nn:\n  <<: *m\n  *l0 : x\n");
        }
        String method = pick(random, "PUT", "POST", "PATCH");
        String type = method.equals("PATCH") ? APPLY : YAML;
        String path = method.equals("POST") ? target.collection() : target.path();
        if (type.equals(APPLY)) {
            path += "?fieldManager=fuzz&force=true";
        }
        return FuzzRequest.of("yaml-bomb", method, path, type, yaml.toString());
    }

    private FuzzRequest invalidUtf8(SplittableRandom random) {
        Target target = target(random);
        byte[][] bad = {
            {(byte) 0xC3, 0x28},
            {(byte) 0xFF},
            {(byte) 0xFE, (byte) 0xFF},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF8, (byte) 0x88},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}
        };
        byte[] junk = bad[random.nextInt(bad.length)];
        ObjectNode object = target.copy();
        String marker = "MARKER";
        switch (random.nextInt(4)) {
            case 0 -> ((ObjectNode) object.get("metadata")).put("name", target.name() + marker);
            case 1 -> ((ObjectNode) object.get("metadata")).putObject("labels").put("k" + marker, "v");
            case 2 -> ((ObjectNode) object.get("metadata")).putObject("labels").put("k", "v" + marker);
            default -> object.put("kind", target.kind() + marker);
        }
        byte[] body = replace(bytes(object), marker, junk);
        if (random.nextInt(4) == 0) {
            // A lone surrogate escape: valid JSON text, not a valid string for a name.
            body = new String(bytes(object), StandardCharsets.UTF_8)
                    .replace(marker, "\\ud800")
                    .getBytes(StandardCharsets.UTF_8);
        }
        String type = pick(random, JSON, YAML, MERGE, STRATEGIC);
        String method = type.equals(MERGE) || type.equals(STRATEGIC) ? "PATCH" : pick(random, "PUT", "POST");
        return FuzzRequest.of(
                "invalid-utf8", method, method.equals("POST") ? target.collection() : target.path(), type, body);
    }

    private FuzzRequest badContentType(SplittableRandom random) {
        Target target = target(random);
        ObjectNode object = target.copy();
        ((ObjectNode) object.get("metadata")).put("resourceVersion", "1"); // stale, in case the type is taken
        ((ObjectNode) object.get("metadata")).putObject("labels").put("fuzzed", "yes");
        String type = pick(
                random,
                "text/plain",
                "application/xml",
                "",
                "garbage",
                "application/",
                "/json",
                "application/json;;",
                "application/json; charset=",
                "multipart/form-data; boundary=",
                "application/x-www-form-urlencoded",
                "image/png",
                "application/json-patch+yaml",
                "text/json; q=x",
                "application/vnd.kubernetes.protobuf;stream=watch",
                "application/octet-stream",
                "*/*;q=junk",
                "application/json, text/plain",
                "application/\"json\"",
                "\u00e9/\u00e9",
                "a/b/c",
                ";",
                "application/merge-patch+json+yaml",
                "application/yaml; charset=\"unterminated");
        String method = pick(random, "POST", "PUT", "PATCH", "PATCH", "DELETE");
        String path = method.equals("POST") ? target.collection() : target.path();
        // A DELETE whose type is taken anyway still fails its precondition.
        byte[] body =
                method.equals("DELETE") ? "{\"preconditions\":{\"resourceVersion\":\"1\"}}".getBytes() : bytes(object);
        if (type.isEmpty() && !method.equals("PATCH")) {
            // No Content-Type at all is taken as JSON; keep the body at fault then.
            body = java.util.Arrays.copyOf(body, body.length - 1);
            type = null;
        }
        return FuzzRequest.of("bad-content-type", method, path, type, body);
    }

    private FuzzRequest badPatch(SplittableRandom random) {
        Target target = target(random);
        String type;
        String body;
        String query = "";
        switch (random.nextInt(5)) {
            case 0 -> {
                type = JSON_PATCH;
                body = pick(
                        random,
                        "{\"op\":\"add\"}",
                        "[{\"op\":\"frobnicate\",\"path\":\"/metadata/labels\",\"value\":{}}]",
                        "[{\"op\":\"add\",\"value\":1}]",
                        "[{\"op\":\"add\",\"path\":\"metadata\",\"value\":1}]",
                        "[{\"op\":\"remove\",\"path\":\"/nope/nothing\"}]",
                        "[{\"op\":\"replace\",\"path\":\"/metadata/name\",\"value\":\"renamed\"}]",
                        "[{\"op\":\"replace\",\"path\":\"/metadata/namespace\",\"value\":\"elsewhere\"}]",
                        "[{\"op\":\"replace\",\"path\":\"/kind\",\"value\":\"Other\"}]",
                        "[{\"op\":\"replace\",\"path\":\"/metadata/uid\",\"value\":\"x\"}]",
                        "[{\"op\":\"add\",\"path\":\"/metadata/labels/-bad\",\"value\":\"v\"}]",
                        "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/99999999999\",\"value\":\"x\"}]",
                        "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/-1\",\"value\":\"x\"}]",
                        "[{\"op\":\"move\",\"from\":\"/nope\",\"path\":\"/metadata/labels\"}]",
                        "[{\"op\":\"copy\",\"from\":\"/metadata\",\"path\":\"/metadata/labels/x\"}]",
                        "[{\"op\":\"move\",\"from\":\"/metadata\",\"path\":\"/metadata/x\"}]",
                        "[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"not-it\"},{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"a\":\"b\"}}]",
                        "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":5}]",
                        "[{\"op\":\"replace\",\"path\":\"/metadata/labels\",\"value\":[1,2]}]",
                        "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a\":7}}]",
                        "[{\"op\":\"add\",\"path\":\"/metadata/labels/a~2b\",\"value\":\"v\"},{\"op\":\"x\"}]",
                        "[{\"op\":\"remove\",\"path\":\"\"}]",
                        "[{\"op\":\"replace\",\"path\":\"\",\"value\":[]}]",
                        "[1,2,3]",
                        "[null]",
                        "[[]]",
                        "[{\"op\":null,\"path\":null}]",
                        "[{\"op\":\"add\",\"path\":\"/metadata/labels/k\",\"value\":\"v\"},{\"op\":\"remove\",\"path\":\"/metadata/labels/zz\"}]");
            }
            case 1 -> {
                type = MERGE;
                body = pick(
                        random,
                        "[]",
                        "\"str\"",
                        "42",
                        "true",
                        "null",
                        "{\"metadata\":\"x\"}",
                        "{\"metadata\":{\"name\":\"renamed\"}}",
                        "{\"metadata\":{\"namespace\":\"elsewhere\"}}",
                        "{\"metadata\":{\"labels\":{\"a\":5}}}",
                        "{\"metadata\":{\"labels\":{\"-bad-\":\"v\"}}}",
                        "{\"metadata\":{\"resourceVersion\":\"1\",\"labels\":{\"a\":\"b\"}}}",
                        "{\"metadata\":{\"uid\":\"not-the-uid\"}}",
                        "{\"kind\":\"Other\"}",
                        "{\"apiVersion\":\"v9\"}",
                        "{\"metadata\":{\"finalizers\":\"x\"}}",
                        target.kind().equals("ConfigMap") || target.kind().equals("Secret")
                                ? "{\"data\":7}"
                                : "{\"spec\":7}",
                        "{\"metadata\":{\"creationTimestamp\":\"yesterday\"}}");
            }
            case 2 -> {
                type = STRATEGIC;
                body = pick(
                        random,
                        "{\"$patch\":\"bogus\"}",
                        "{\"$patch\":\"delete\",\"$retainKeys\":7}",
                        "{\"metadata\":{\"$patch\":\"replace\",\"labels\":5}}",
                        "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":\"notalist\"}}",
                        "{\"metadata\":{\"labels\":{\"$patch\":\"frob\"}}}",
                        "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\"}]}}",
                        "{\"metadata\":{\"ownerReferences\":[{\"uid\":5}]}}",
                        "{\"metadata\":{\"name\":\"renamed\"}}",
                        "{\"metadata\":{\"labels\":[\"a\"]}}",
                        "[{\"op\":\"add\"}]",
                        "\"text\"",
                        "{\"metadata\":{\"$retainKeys\":[\"nope\"],\"labels\":{\"a\":\"b\"}}}",
                        "{\"kind\":\"Other\"}",
                        target.kind().equals("Pod") || target.kind().equals("Deployment")
                                ? "{\"spec\":{\"template\":{\"spec\":{\"containers\":\"x\"}},\"containers\":[{\"$patch\":\"delete\"}]}}"
                                : "{\"data\":[\"x\"]}");
            }
            case 3 -> {
                type = APPLY;
                query = pick(
                        random,
                        "",
                        "?fieldManager=fuzz",
                        "?fieldManager=" + "m".repeat(129),
                        "?fieldManager=fuzz&force=maybe",
                        "?fieldManager=fuzz&fieldValidation=Loose");
                String header =
                        "apiVersion: " + target.apiVersion() + "\nkind: " + target.kind() + "\nmetadata:\n  name: ";
                body = pick(
                        random,
                        header + target.name() + "\n  labels: [a, b]\n",
                        header + target.name() + "\n  labels:\n    k: {x: 1}\n",
                        header + "renamed\n",
                        "apiVersion: v9\nkind: " + target.kind() + "\nmetadata:\n  name: " + target.name() + "\n",
                        "apiVersion: " + target.apiVersion() + "\nkind: Nope\nmetadata:\n  name: " + target.name()
                                + "\n",
                        header + target.name() + "\n  namespace: elsewhere\n",
                        "- a\n- b\n",
                        "just a string",
                        "key: [unclosed",
                        "\t tab: indent\n",
                        header + target.name() + "\n  managedFields: 5\n",
                        "{\"apiVersion\":\"" + target.apiVersion() + "\",\"kind\":\"" + target.kind()
                                + "\",\"metadata\":{\"name\":\"" + target.name() + "\",\"labels\":{\"x\":1.5}}}",
                        "");
                if (body.isEmpty() || query.isEmpty() && random.nextBoolean()) {
                    query = "";
                    body = header + target.name() + "\n  labels:\n    applied: \"yes\"\n"; // no fieldManager: 400
                }
            }
            default -> {
                type = pick(
                        random,
                        "text/plain",
                        JSON,
                        YAML,
                        "application/json-patch+yaml",
                        "application/patch",
                        "application/merge-patch",
                        "application/strategic-merge-patch+yaml",
                        PROTOBUF,
                        "application/apply-patch+json");
                body = "{\"metadata\":{\"labels\":{\"fuzzed\":\"yes\"}}}";
            }
        }
        return FuzzRequest.of("bad-patch", "PATCH", target.path() + query, type, body);
    }

    private FuzzRequest badQuery(SplittableRandom random) {
        Target target = target(random);
        if (random.nextInt(4) == 0) {
            // Writes the query makes unacceptable, aimed at the seeded objects.
            String query = pick(
                    random,
                    "gracePeriodSeconds=abc",
                    "gracePeriodSeconds=1e3",
                    "propagationPolicy=Sideways",
                    "orphanDependents=maybe",
                    "dryRun=Junk",
                    "dryRun=All&dryRun=Nope",
                    "gracePeriodSeconds=99999999999999999999",
                    "fieldValidation=Whatever",
                    "fieldManager=" + "m".repeat(129),
                    "fieldManager=%00bad");
            String method = query.startsWith("field") ? pick(random, "PUT", "PATCH") : "DELETE";
            ObjectNode object = target.copy();
            ((ObjectNode) object.get("metadata")).putObject("labels").put("fuzzed", "yes");
            byte[] body = method.equals("DELETE") ? null : bytes(method.equals("PUT") ? object : labelPatch());
            String type = method.equals("DELETE") ? null : method.equals("PUT") ? JSON : MERGE;
            return FuzzRequest.of("bad-query", method, target.path() + "?" + query, type, body);
        }
        String query = switch (random.nextInt(9)) {
            case 0 ->
                "labelSelector=" + encode(garbage(random, "abc=!(),in notin xyz-_./ \\\"'~", 1 + random.nextInt(40)));
            case 1 -> "fieldSelector=" + encode(garbage(random, "metadata.name=!,spec.x\\ ", 1 + random.nextInt(40)));
            case 2 ->
                "limit=" + pick(random, "-1", "abc", "99999999999999999999", "1.5", "", "0x10", "-9223372036854775808");
            case 3 ->
                "limit=1&continue="
                        + encode(pick(
                                random,
                                "notatoken",
                                "eyJ2IjoxfQ",
                                "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6LTEsInN0YXJ0IjoiXHUwMDAwIn0",
                                java.util.Base64.getEncoder().encodeToString(randomBytes(random, 30)),
                                java.util.Base64.getUrlEncoder()
                                        .encodeToString(
                                                "{\"v\":\"meta.k8s.io/v1\",\"rv\":\"x\",\"start\":5}".getBytes()),
                                java.util.Base64.getUrlEncoder()
                                        .encodeToString("{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"../../x\"}"
                                                .getBytes())));
            case 4 ->
                "resourceVersion="
                        + encode(pick(random, "abc", "-1", "1.5", "99999999999999999999999", " ", "0x1", "1e9"))
                        + pick(
                                random,
                                "",
                                "&resourceVersionMatch=Exact",
                                "&resourceVersionMatch=NotOlderThan",
                                "&limit=2");
            case 5 ->
                "resourceVersionMatch=" + pick(random, "Junk", "Exact", "exact", "")
                        + pick(random, "", "&resourceVersion=0");
            case 6 -> "timeoutSeconds=" + pick(random, "abc", "-5", "1.5", "99999999999999999999");
            case 7 ->
                pick(
                        random,
                        "watch=maybe&timeoutSeconds=1",
                        "allowWatchBookmarks=sure",
                        "sendInitialEvents=yes",
                        "sendInitialEvents=true",
                        "pretty=verymuch",
                        "includeUninitialized=x",
                        "export=true&exact=true");
            default ->
                encode(garbage(random, "&=?%#;x", 1 + random.nextInt(20))) + "=" + encode(garbage(random, "&=?%x", 5));
        };
        String path = random.nextInt(3) == 0 ? target.path() : target.collection();
        return FuzzRequest.get("bad-query", path + "?" + query);
    }

    private FuzzRequest watchJunk(SplittableRandom random) {
        Target target = target(random);
        String junk = pick(
                random,
                "resourceVersion=abc",
                "timeoutSeconds=abc",
                "timeoutSeconds=-1",
                "labelSelector=" + encode("a in ("),
                "fieldSelector=" + encode("spec.unknown=x"),
                "resourceVersion=1",
                "allowWatchBookmarks=maybe",
                "sendInitialEvents=true",
                "sendInitialEvents=true&resourceVersionMatch=Exact",
                "resourceVersionMatch=NotOlderThan",
                "limit=-3",
                "continue=junk",
                "watch=true&watch=false",
                "fieldSelector=metadata.name%3D" + target.name(),
                "labelSelector=" + encode("x=y,!z"));
        String base = random.nextBoolean()
                ? target.collection() + "?watch=true&" + junk
                : target.collection().replaceFirst("/v1/", "/v1/watch/") + "?" + junk;
        if (!junk.startsWith("timeoutSeconds")) {
            base += "&timeoutSeconds=1";
        }
        return FuzzRequest.watch("watch-junk", base);
    }

    private FuzzRequest oddPath(SplittableRandom random) {
        Target target = target(random);
        String path = switch (random.nextInt(14)) {
            case 0 ->
                "/apis/" + pick(random, "junk.example.com", "apps", "", "..", "APPS", "apps.") + "/"
                        + pick(random, "v9", "v1", "", "v1beta0", "V1") + "/"
                        + pick(random, "things", "deployments", "", "pods");
            case 1 -> "/api/" + pick(random, "v2", "v1beta1", "", "V1") + "/namespaces/fuzz-a/configmaps";
            case 2 ->
                "/api/v1/namespaces/fuzz-a/" + pick(random, "widgets", "configmap", "ConfigMaps", "configmaps.v1", "*");
            case 3 ->
                target.collection() + "/"
                        + pick(random, "../secrets", "..", ".", "%2e%2e", "%2e%2e%2fsecrets", "a/../b");
            case 4 -> target.collection() + "/" + "n".repeat(254 + random.nextInt(2000));
            case 5 ->
                target.collection() + "/"
                        + pick(
                                random,
                                "Bad_Name",
                                "-x",
                                "a..b",
                                "x-",
                                "UPPER",
                                "%C3%A9t%C3%A9",
                                "%20space",
                                "a%2Fb",
                                "%00",
                                "%ff%fe",
                                "name%0Anewline",
                                "%25",
                                "~user",
                                ".hidden",
                                "a:b",
                                "a@b");
            case 6 ->
                target.path() + "/"
                        + pick(
                                random,
                                "junk",
                                "status/extra",
                                "scale/x/y",
                                "log/../../",
                                "exec",
                                "proxy",
                                "attach",
                                "portforward",
                                "binding",
                                "eviction",
                                "ephemeralcontainers",
                                "resize",
                                "finalize");
            case 7 ->
                target.collection()
                        .replace(
                                target.namespace(),
                                pick(random, "", "UPPER", "nonexistent-ns", "kube-system/..", "-bad-", "a".repeat(70)));
            case 8 ->
                "/"
                        + pick(
                                random,
                                "foo",
                                "api",
                                "apis/",
                                "healthz/x",
                                "readyz/junk",
                                "metrics",
                                "version/x",
                                "openapi/v3/junk",
                                "openapi/v9",
                                "api/v1/watch",
                                "api/v1/proxy",
                                "logs",
                                "debug/pprof",
                                "api/v1/namespaces/fuzz-a/",
                                "apis/apps/v1/");
            case 9 -> "//api//v1//namespaces//fuzz-a//configmaps";
            case 10 -> target.path().replaceFirst("/namespaces/[^/]+", "");
            case 11 ->
                "/api/v1/" + pick(random, "nodes", "namespaces", "persistentvolumes", "componentstatuses") + "/"
                        + pick(random, "Bad_Name", "x".repeat(300), "n/status/x");
            case 12 -> target.collection() + "/" + target.name() + "/" + "a/".repeat(200 + random.nextInt(300));
            default -> "/apis/" + "g".repeat(1000 + random.nextInt(2000)) + "/v1/things";
        };
        String method = pick(random, "GET", "GET", "GET", "DELETE", "PUT", "PATCH", "POST");
        byte[] body = switch (method) {
            case "GET" -> null;
            case "DELETE" -> "{\"propagationPolicy\":\"Sideways\"}".getBytes(); // never acceptable
            default -> "{\"metadata\":".getBytes(); // never parses
        };
        String type = method.equals("PATCH") ? MERGE : method.equals("GET") ? null : JSON;
        return FuzzRequest.of("odd-path", method, path, type, body);
    }

    /** Paths java.net.http refuses to send: written on a socket as they are. */
    private FuzzRequest rawPath(SplittableRandom random) {
        Target target = target(random);
        String path = switch (random.nextInt(8)) {
            case 0 -> target.collection() + "/%zz";
            case 1 -> target.collection() + "/%";
            case 2 -> target.collection() + "/a%G1b";
            case 3 -> target.path() + "?labelSelector=%zz";
            case 4 -> target.collection() + "/" + "x|y<>{}^`";
            case 5 ->
                target.collection() + "/"
                        + new String(new byte[] {(byte) 0xC3, (byte) 0x28}, StandardCharsets.ISO_8859_1);
            case 6 -> "/api/v1/namespaces/fuzz-a/configmaps/" + "%".repeat(1 + random.nextInt(30));
            default -> target.path() + "?" + "%".repeat(3) + "=" + "%u0041";
        };
        // No bodies: a target that is no URI is refused before anything reads one, and closing a
        // connection with unread bytes makes it a reset that loses the answer.
        String method = pick(random, "GET", "GET", "DELETE", "PUT");
        return FuzzRequest.raw("raw-path", method, path, null, null);
    }

    private FuzzRequest wrongMethod(SplittableRandom random) {
        Target target = target(random);
        String method =
                pick(random, "PUT", "POST", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FOO", "PROPFIND", "get");
        String path = switch (random.nextInt(6)) {
            case 0 -> target.collection(); // PUT/PATCH on a collection
            case 1 -> target.path(); // POST on an object
            case 2 ->
                pick(
                        random,
                        "/readyz",
                        "/version",
                        "/healthz",
                        "/livez",
                        "/openapi/v2",
                        "/api",
                        "/apis",
                        "/api/v1",
                        "/apis/apps/v1",
                        "/apis/apps");
            case 3 -> target.path() + "/status";
            case 4 -> "/api/v1/namespaces/fuzz-a/pods/p-0/" + pick(random, "log", "binding", "eviction");
            default -> "/api/v1/componentstatuses";
        };
        if (method.equals("POST") && path.equals(target.collection())
                || method.equals("DELETE") && path.equals(target.path())
                || method.equals("PATCH") && path.startsWith(target.path())
                || method.equals("PUT") && path.startsWith(target.path())) {
            method = "PROPFIND";
        }
        byte[] body = method.equals("HEAD") || method.equals("TRACE") || method.equals("OPTIONS")
                ? null
                : "{\"metadata\":{\"name\":\"wrong-method\"}}".getBytes();
        if (method.equals("DELETE")) {
            body = "{\"propagationPolicy\":\"Sideways\"}".getBytes();
        }
        return FuzzRequest.of("wrong-method", method, path, body == null ? null : JSON, body);
    }

    private FuzzRequest kindMismatch(SplittableRandom random) {
        Target target = target(random);
        ObjectNode object = target.copy();
        switch (random.nextInt(6)) {
            case 0 -> object.put("kind", pick(random, "Secret", "ConfigMap", "Pod", "Deployment", "List", "Status"));
            case 1 ->
                object.put("apiVersion", pick(random, "apps/v1", "v1", "v2", "batch/v1", "junk/v1", "/", "apps/"));
            case 2 -> object.put("kind", "").put("apiVersion", "v1beta9"); // an empty kind alone is allowed
            case 3 -> object.remove("kind");
            case 4 -> object.put("apiVersion", target.apiVersion() + "beta1");
            default -> object.put("kind", target.kind().toLowerCase());
        }
        if (object.path("kind").asText().equals(target.kind())
                && object.path("apiVersion").asText().equals(target.apiVersion())) {
            object.put("kind", "Mismatch");
        }
        if (object.path("kind").isMissingNode()) {
            object.put("apiVersion", "apps/v9");
        }
        String method = pick(random, "PUT", "PUT", "POST", "PATCH");
        return write("kind-mismatch", method, target, object, () -> pick(random, JSON, YAML), "kind-mismatch");
    }

    private FuzzRequest namespaceMismatch(SplittableRandom random) {
        Target target = target(random);
        ObjectNode object = target.copy();
        String other = pick(
                random,
                target.namespace().equals("fuzz-a") ? "fuzz-b" : "fuzz-a",
                "nonexistent",
                "",
                "BAD_NS",
                "default");
        if (other.isEmpty()) {
            other = "x".repeat(64);
        }
        ((ObjectNode) object.get("metadata"))
                .put("namespace", other)
                .putObject("labels")
                .put("moved", "yes");
        String method = pick(random, "PUT", "POST", "PATCH");
        return write("namespace-mismatch", method, target, object, () -> JSON, "moved");
    }

    /**
     * {@code object} sent over {@code target}: replaced (PUT, as {@code putType}), server-side applied
     * (PATCH), or created anew as {@code newName} (POST).
     */
    private static FuzzRequest write(
            String category,
            String method,
            Target target,
            ObjectNode object,
            Supplier<String> putType,
            String newName) {
        return switch (method) {
            case "PUT" -> FuzzRequest.of(category, "PUT", target.path(), putType.get(), bytes(object));
            case "PATCH" ->
                FuzzRequest.of(
                        category, "PATCH", target.path() + "?fieldManager=fuzz&force=true", APPLY, bytes(object));
            default -> {
                ((ObjectNode) object.get("metadata"))
                        .remove(List.of("resourceVersion", "uid"))
                        .put("name", newName);
                yield FuzzRequest.of(category, "POST", target.collection(), JSON, bytes(object));
            }
        };
    }

    private FuzzRequest protobufGarbage(SplittableRandom random) {
        Target target = target(random);
        byte[] body = switch (random.nextInt(5)) {
            case 0 -> randomBytes(random, random.nextInt(300));
            case 1 -> concat(new byte[] {'k', '8', 's', 0}, randomBytes(random, random.nextInt(300)));
            case 2 -> concat(new byte[] {'k', '8', 's', 0, 0x0a, 0x7f}, "v1".getBytes()); // length past the end
            case 3 -> concat(new byte[] {'k', '8', 's', 0, 0x0a, 0x02, 'v', '1', 0x12, 0x04}, "Nope".getBytes());
            default -> new byte[] {'k', '8', 's', 0, 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        };
        String method = pick(random, "POST", "PUT", "PATCH");
        String type = method.equals("PATCH") ? pick(random, PROTOBUF, MERGE) : PROTOBUF;
        if (method.equals("PATCH") && type.equals(MERGE)) {
            body = concat(new byte[] {'k', '8', 's', 0}, body);
        }
        return FuzzRequest.of(
                "protobuf-garbage", method, method.equals("POST") ? target.collection() : target.path(), type, body);
    }

    /** A Content-Length over the limit with a small body behind it: answered without reading it. */
    private FuzzRequest declaredLength(SplittableRandom random) {
        Target target = target(random);
        String method = pick(random, "POST", "PUT", "PATCH");
        String path = method.equals("POST") ? target.collection() : target.path();
        String type = method.equals("PATCH") ? MERGE : JSON;
        return FuzzRequest.raw("declared-length", method, path, type, "{\"metadata\":{}}".getBytes());
    }

    // --- helpers ---

    private Target target(SplittableRandom random) {
        return targets.get(random.nextInt(targets.size()));
    }

    private static ObjectNode labelPatch() {
        ObjectNode patch = KubeJson.mapper().createObjectNode();
        patch.putObject("metadata").putObject("labels").put("fuzzed", "yes");
        return patch;
    }

    private static void set(ObjectNode root, String[] path, JsonNode value) {
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(path[i]);
        }
        node.set(path[path.length - 1], value);
    }

    @SafeVarargs
    static <T> T pick(SplittableRandom random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    static byte[] bytes(JsonNode node) {
        try {
            return KubeJson.mapper().writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, String b) {
        return concat(a, b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Flips, drops or repeats a few bytes of a JSON body, then makes sure it no longer parses. */
    private static byte[] mutateBytes(SplittableRandom random, byte[] whole) {
        byte[] out = whole.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(out.length);
            String alphabet = "{}[]\":,\\ \u0000x1";
            out[at] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        try {
            KubeJson.mapper().readTree(out);
            // Still JSON (and Jackson reads trailing junk leniently): cut it short instead.
            return java.util.Arrays.copyOf(out, out.length - 1 - random.nextInt(Math.max(1, out.length / 2)));
        } catch (java.io.IOException expected) {
            return out;
        }
    }

    private static byte[] replace(byte[] body, String marker, byte[] with) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, at);
        out.writeBytes(with);
        out.write(body, at + marker.length(), body.length - at - marker.length());
        return out.toByteArray();
    }

    private static String garbage(SplittableRandom random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
