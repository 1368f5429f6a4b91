package io.skiff.component.client;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.resilience.RetryRule;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The API of one resource type: reads, writes, watches and subresources, each a cold publisher
 * that sends its request when subscribed. For namespaced types every call names the namespace;
 * null lists and watches all namespaces. Cluster-scoped types take null. Failures the server
 * reports arrive as {@link ApiException} carrying its Status.
 *
 * @param <T> the object class: a fabric8 model class, or GenericKubernetesResource
 */
public class ResourceClient<T extends HasMetadata> {

    /** client-go's pager page size. */
    static final int DEFAULT_PAGE_SIZE = 500;

    private final ApiTransport transport;
    private final ResourceType type;
    private final KubeCodec<T> codec;

    ResourceClient(ApiTransport transport, ResourceType type, Class<T> objectClass) {
        this.transport = transport;
        this.type = type;
        this.codec = new KubeCodec<>(objectClass, type);
    }

    public ResourceType type() {
        return type;
    }

    /** The object; 404 and every other failure as ApiException. */
    public Mono<T> get(String namespace, String name) {
        return transport
                .exchange(ApiRequest.read(objectPath(required(namespace), name), new ApiRequest.Query()))
                .map(codec::object);
    }

    /** The object, or empty when it does not exist. */
    public Mono<T> find(String namespace, String name) {
        return get(namespace, name).onErrorResume(ApiErrors::isNotFound, notFound -> Mono.empty());
    }

    /** One page, or everything when {@code options.limit()} is null. */
    public Mono<ObjectList<T>> list(String namespace, ListOptions options) {
        ApiRequest.Query query = new ApiRequest.Query()
                .add("labelSelector", options.labelSelector())
                .add("fieldSelector", options.fieldSelector())
                .add("resourceVersion", options.resourceVersion())
                .add("resourceVersionMatch", options.resourceVersionMatch())
                .add("limit", options.limit())
                .add("continue", options.continueToken());
        return transport
                .exchange(ApiRequest.read(collectionPath(optional(namespace)), query))
                .map(codec::list);
    }

    /**
     * Everything, read page by page ({@code options.limit()}, or 500) from one snapshot: the later
     * pages follow the continue token, and the result carries the snapshot's resourceVersion. If
     * the snapshot expires half-way (410), lists once more without paging, as client-go's pager
     * does.
     */
    public Mono<ObjectList<T>> listAll(String namespace, ListOptions options) {
        ListOptions firstPage = options.limit() == null ? options.withLimit(DEFAULT_PAGE_SIZE) : options;
        ListOptions unpaged = new ListOptions(
                options.labelSelector(),
                options.fieldSelector(),
                options.resourceVersion(),
                options.resourceVersionMatch(),
                null,
                null);
        return Mono.defer(() -> {
            AtomicBoolean continued = new AtomicBoolean();
            return list(namespace, firstPage)
                    .expand(page -> {
                        if (!page.hasMore()) {
                            return Mono.empty();
                        }
                        continued.set(true);
                        return list(namespace, nextPage(firstPage, page));
                    })
                    .collectList()
                    .map(pages -> {
                        List<T> items = new ArrayList<>();
                        pages.forEach(page -> items.addAll(page.items()));
                        return new ObjectList<>(items, pages.get(0).resourceVersion(), null);
                    })
                    .onErrorResume(
                            expired -> continued.get() && ApiErrors.isResourceExpired(expired),
                            expired -> list(namespace, unpaged));
        });
    }

    /** The continuation: the token alone names the snapshot, so resourceVersion must not be sent. */
    private static ListOptions nextPage(ListOptions first, ObjectList<?> page) {
        return new ListOptions(
                first.labelSelector(), first.fieldSelector(), null, null, first.limit(), page.continueToken());
    }

    /** Creates the object in its metadata.namespace. */
    public Mono<T> create(T object) {
        return create(object.getMetadata() == null ? null : object.getMetadata().getNamespace(), object);
    }

    public Mono<T> create(String namespace, T object) {
        byte[] body = KubeCodec.bytes(object);
        return transport
                .exchange(ApiRequest.write(
                        HttpMethod.POST,
                        collectionPath(required(namespace)),
                        new ApiRequest.Query(),
                        body,
                        MediaType.APPLICATION_JSON_VALUE))
                .map(codec::object);
    }

    /**
     * Replaces the object (PUT). Its metadata.resourceVersion is the precondition: if the object
     * changed since it was read, the answer is 409 Conflict.
     */
    public Mono<T> update(T object) {
        return put(object, null);
    }

    /** Replaces the object's status through the status subresource, with the same precondition. */
    public Mono<T> updateStatus(T object) {
        return put(object, "status");
    }

    /**
     * Replaces the object through a subresource that takes the whole object (namespaces/finalize),
     * with the same precondition.
     */
    public Mono<T> updateSubresource(T object, String subresource) {
        return put(object, Objects.requireNonNull(subresource, "name the subresource"));
    }

    private Mono<T> put(T object, String subresource) {
        Objects.requireNonNull(object.getMetadata(), "an update needs the object's metadata");
        String path = objectPath(
                required(object.getMetadata().getNamespace()),
                object.getMetadata().getName());
        return transport
                .exchange(ApiRequest.write(
                        HttpMethod.PUT,
                        subresource == null ? path : path + "/" + subresource,
                        new ApiRequest.Query(),
                        KubeCodec.bytes(object),
                        MediaType.APPLICATION_JSON_VALUE))
                .map(codec::object);
    }

    public Mono<T> patch(String namespace, String name, Patch patch) {
        return patch(objectPath(required(namespace), name), patch);
    }

    public Mono<T> patchStatus(String namespace, String name, Patch patch) {
        return patch(objectPath(required(namespace), name) + "/status", patch);
    }

    private Mono<T> patch(String path, Patch patch) {
        ApiRequest.Query query = new ApiRequest.Query().add("fieldManager", patch.fieldManager());
        if (patch.force()) {
            query.add("force", "true");
        }
        return transport
                .exchange(ApiRequest.write(
                        HttpMethod.PATCH,
                        path,
                        query,
                        patch.body(),
                        patch.type().contentType()))
                .map(codec::object);
    }

    /** Deletes the object with the server's defaults (graceful, background propagation). */
    public Mono<Void> delete(String namespace, String name) {
        return delete(namespace, name, new DeleteOptions());
    }

    /**
     * Deletes the object: propagationPolicy, gracePeriodSeconds and preconditions (uid,
     * resourceVersion) as the options say. 404 when it is already gone.
     */
    public Mono<Void> delete(String namespace, String name, DeleteOptions options) {
        return transport
                .exchange(ApiRequest.write(
                        HttpMethod.DELETE,
                        objectPath(required(namespace), name),
                        new ApiRequest.Query(),
                        KubeCodec.bytes(options),
                        MediaType.APPLICATION_JSON_VALUE))
                .then();
    }

    /**
     * Deletes every object the selectors of {@code list} match in {@code namespace} (DELETE on the
     * collection), each as {@code options} say.
     */
    public Mono<Void> deleteCollection(String namespace, ListOptions list, DeleteOptions options) {
        ApiRequest.Query query = new ApiRequest.Query()
                .add("labelSelector", list.labelSelector())
                .add("fieldSelector", list.fieldSelector());
        return transport
                .exchange(ApiRequest.write(
                        HttpMethod.DELETE,
                        collectionPath(required(namespace)),
                        query,
                        KubeCodec.bytes(options),
                        MediaType.APPLICATION_JSON_VALUE))
                .then();
    }

    /**
     * The changes after {@code options.resourceVersion()}, over server-sent events. ERROR events end
     * the flux with an ApiException; it completes when the server ends the watch (its timeout).
     */
    public Flux<WatchEvent<T>> watch(String namespace, WatchOptions options) {
        ApiRequest.Query query = new ApiRequest.Query()
                .add("watch", "1")
                .add("labelSelector", options.labelSelector())
                .add("fieldSelector", options.fieldSelector())
                .add(
                        "resourceVersion",
                        options.resourceVersion() == null
                                        || options.resourceVersion().isEmpty()
                                ? null
                                : options.resourceVersion())
                .add("allowWatchBookmarks", options.allowBookmarks() ? "true" : null)
                .add(
                        "timeoutSeconds",
                        options.timeout() == null
                                ? null
                                : Math.max(1, options.timeout().toSeconds()));
        return WatchFrames.decode(transport.stream(ApiRequest.read(collectionPath(optional(namespace)), query)), codec);
    }

    /** List and watch of this type in {@code namespace} (null: all), for an informer. */
    public ListerWatcher<T> listerWatcher(String namespace) {
        return listerWatcher(namespace, null, null);
    }

    /**
     * List and watch restricted to fixed selectors, which replace whatever selectors the caller's
     * options carry (client-go's NewFilteredListWatchFromClient); null keeps the caller's.
     */
    public ListerWatcher<T> listerWatcher(String namespace, String labelSelector, String fieldSelector) {
        optional(namespace);
        return new ListerWatcher<>() {
            @Override
            public Mono<ObjectList<T>> list(ListOptions options) {
                ListOptions filtered = options;
                if (labelSelector != null) {
                    filtered = filtered.withLabelSelector(labelSelector);
                }
                if (fieldSelector != null) {
                    filtered = filtered.withFieldSelector(fieldSelector);
                }
                return ResourceClient.this.list(namespace, filtered);
            }

            @Override
            public Flux<WatchEvent<T>> watch(WatchOptions options) {
                WatchOptions filtered = new WatchOptions(
                        labelSelector != null ? labelSelector : options.labelSelector(),
                        fieldSelector != null ? fieldSelector : options.fieldSelector(),
                        options.resourceVersion(),
                        options.allowBookmarks(),
                        options.timeout());
                return ResourceClient.this.watch(namespace, filtered);
            }
        };
    }

    /**
     * POSTs {@code body} to a subresource of the object (pods/binding, pods/eviction, ...) and reads
     * the reply as {@code replyType}; an empty reply completes empty.
     */
    public <R> Mono<R> createSubresource(
            String namespace, String name, String subresource, Object body, Class<R> replyType) {
        return createSubresource(namespace, name, subresource, body, replyType, RetryRule.WRITE);
    }

    <R> Mono<R> createSubresource(
            String namespace, String name, String subresource, Object body, Class<R> replyType, RetryRule rule) {
        ApiRequest request = ApiRequest.write(
                        HttpMethod.POST,
                        objectPath(required(namespace), name) + "/" + segment(subresource),
                        new ApiRequest.Query(),
                        KubeCodec.bytes(body),
                        MediaType.APPLICATION_JSON_VALUE)
                .withRetryRule(rule);
        return transport.exchange(request).filter(reply -> reply.length > 0).map(reply -> read(reply, replyType));
    }

    private static <R> R read(byte[] json, Class<R> type) {
        if (type == byte[].class) {
            return type.cast(json);
        }
        if (type == String.class) {
            return type.cast(new String(json, StandardCharsets.UTF_8));
        }
        try {
            return KubeJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a " + type.getSimpleName() + " from the API server", e);
        }
    }

    private String collectionPath(String namespace) {
        StringBuilder path = new StringBuilder(type.groupVersionPath());
        if (namespace != null) {
            path.append("/namespaces/").append(segment(namespace));
        }
        return path.append('/').append(type.plural()).toString();
    }

    private String objectPath(String namespace, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a " + type.kind() + " needs a name");
        }
        return collectionPath(namespace) + "/" + segment(name);
    }

    /** The namespace of a call on one object: required for namespaced types, absent otherwise. */
    private String required(String namespace) {
        if (type.namespaced() && (namespace == null || namespace.isEmpty())) {
            throw new IllegalArgumentException(type.kind() + " is namespaced: name the namespace");
        }
        return optional(namespace);
    }

    /** The namespace of a list or watch: null means all namespaces. */
    private String optional(String namespace) {
        if (!type.namespaced() && namespace != null && !namespace.isEmpty()) {
            throw new IllegalArgumentException(type.kind() + " is cluster-scoped: it has no namespace");
        }
        return namespace == null || namespace.isEmpty() ? null : namespace;
    }

    private static String segment(String value) {
        return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    }
}
