package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The OpenAPI documents kube-apiserver 1.32 serves, generated from the catalog and the fabric8
 * model classes: the OpenAPI v3 index and one document per group-version, and the Swagger 2.0
 * document of the whole API.
 *
 * <p>Each document is built on first request and its bytes kept: clients such as kubectl fetch
 * them often and they only change with the catalog. Safe for concurrent use.
 */
public final class OpenApiDocuments {

    /** Kubernetes writes its documents with keys sorted, as Go marshals maps. */
    private static final ObjectWriter WRITER = KubeJson.mapper().writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    private final ResourceCatalog catalog;
    /** The v3 paths served ("api/v1", "apis/apps/v1"), each with one of its types to tell its group and version. */
    private final Map<String, ResourceType> groupVersions = new LinkedHashMap<>();

    private final ModelSchemas v3Schemas;
    private final ModelSchemas v2Schemas;
    private final Map<String, Document> v3Documents = new ConcurrentHashMap<>();
    private volatile byte[] v3Index;
    private volatile byte[] v2;
    private volatile byte[] v2Protobuf;

    public OpenApiDocuments(ResourceCatalog catalog) {
        this.catalog = catalog;
        for (ResourceType type : catalog.all()) {
            groupVersions.putIfAbsent(type.groupVersionPath().substring(1), type);
        }
        this.v3Schemas = new ModelSchemas(Dialect.V3, catalog.groupVersions());
        this.v2Schemas = new ModelSchemas(Dialect.V2, catalog.groupVersions());
    }

    /** GET /openapi/v3: {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=<HASH>"},...}}. */
    public byte[] v3Index() {
        byte[] index = v3Index;
        if (index == null) {
            synchronized (this) {
                index = v3Index;
                if (index == null) {
                    index = v3Index = buildIndex();
                }
            }
        }
        return index;
    }

    /**
     * GET /openapi/v3/api/v1, /openapi/v3/apis/{group}/{version}: the OpenAPI 3.0 document of that
     * group-version; empty if not served.
     *
     * @param path the group-version's path, "api/v1" or "apis/apps/v1"
     */
    public Optional<byte[]> v3GroupVersion(String path) {
        return document(path).map(Document::bytes);
    }

    /** The hash used in serverRelativeURL and as ETag for a group-version document. */
    public Optional<String> v3Hash(String path) {
        return document(path).map(Document::hash);
    }

    /** GET /openapi/v2 as JSON (Swagger 2.0), all group-versions in one document. */
    public byte[] v2() {
        byte[] document = v2;
        if (document == null) {
            synchronized (this) {
                document = v2;
                if (document == null) {
                    document = v2 = write(buildV2());
                }
            }
        }
        return document;
    }

    /**
     * GET /openapi/v2 in the protobuf form kubectl asks for ({@link SwaggerV2Protobuf}), the same
     * document as {@link #v2()}.
     */
    public byte[] v2Protobuf() {
        byte[] document = v2Protobuf;
        if (document == null) {
            synchronized (this) {
                document = v2Protobuf;
                if (document == null) {
                    document = v2Protobuf = SwaggerV2Protobuf.encode(read(v2()));
                }
            }
        }
        return document;
    }

    private Optional<Document> document(String path) {
        ResourceType served = groupVersions.get(path);
        if (served == null) {
            return Optional.empty();
        }
        return Optional.of(v3Documents.computeIfAbsent(path, p -> buildV3(served.group(), served.version())));
    }

    private byte[] buildIndex() {
        ObjectNode index = Dialect.object();
        ObjectNode paths = index.putObject("paths");
        for (String path : groupVersions.keySet()) {
            String hash = document(path).orElseThrow().hash();
            paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash);
        }
        return write(index);
    }

    private Document buildV3(String group, String version) {
        KindDefinitions kinds = new KindDefinitions(v3Schemas);
        Collection<PathItem> paths = paths(catalog.inGroupVersion(group, version), kinds);
        SortedMap<String, ObjectNode> schemas = v3Schemas.collect(definitions(paths));
        byte[] bytes = write(OpenApiV3Writer.document(paths, schemas));
        return new Document(bytes, sha512(bytes));
    }

    private ObjectNode buildV2() {
        KindDefinitions kinds = new KindDefinitions(v2Schemas);
        Collection<PathItem> paths = paths(catalog.all(), kinds);
        return SwaggerV2Writer.document(paths, v2Schemas.collect(definitions(paths)));
    }

    private static Collection<PathItem> paths(List<ResourceType> types, KindDefinitions kinds) {
        SortedMap<String, PathItem> paths = new TreeMap<>();
        for (ResourceType type : types) {
            for (PathItem item : new ResourcePaths(type, kinds).build()) {
                paths.put(item.path(), item);
            }
        }
        return paths.values();
    }

    private static List<String> definitions(Collection<PathItem> paths) {
        return paths.stream().flatMap(PathItem::definitions).distinct().collect(Collectors.toList());
    }

    private static byte[] write(ObjectNode document) {
        try {
            return WRITER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kubernetes identifies a document version by the upper-case hex SHA-512 of its bytes. */
    private static String sha512(byte[] bytes) {
        try {
            return HexFormat.of()
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-512", e);
        }
    }

    private record Document(byte[] bytes, String hash) {}
}
