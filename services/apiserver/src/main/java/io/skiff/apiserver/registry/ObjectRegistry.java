package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.apiserver.admission.AdmissionChain;
import io.skiff.apiserver.admission.AdmissionRecorder;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.apply.FieldManager;
import io.skiff.apiserver.apply.FieldOwner;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.apiserver.certificates.CertificateSigningRequests;
import io.skiff.apiserver.defaulting.CreateStrategies;
import io.skiff.apiserver.defaulting.ObjectDefaulting;
import io.skiff.apiserver.defaulting.StatusUpdateStrategies;
import io.skiff.apiserver.patch.PatchSchema;
import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.apiserver.storage.RegistryWriter;
import io.skiff.apiserver.storage.WriteOp;
import io.skiff.apiserver.storage.WriteResult;
import io.skiff.apiserver.validation.ObjectValidation;
import io.skiff.apiserver.watch.CachedObject;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The object lifecycle every resource shares, as Kubernetes' generic registry store does it: system
 * metadata on create, defaults, mutating admission, validation, validating admission, optimistic
 * concurrency with retries for unconditional updates, the status subresource, generation,
 * finalizers and graceful deletion. Writes go to the {@link RegistryWriter}; reads come from the
 * {@link WatchCache}, or the database where the cache may be behind.
 */
public final class ObjectRegistry {

    private static final int MAX_UPDATE_ATTEMPTS = 16;
    private static final String NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final WatchCache cache;
    private final RegistryReader reader;
    private final RegistryWriter writer;
    private final ObjectDefaulting defaulting;
    private final CreateStrategies createStrategies;
    private final StatusUpdateStrategies statusUpdateStrategies;
    private final ObjectValidation validation;
    private final Scheduler storageScheduler;
    private final Clock clock;
    private final FieldManager fieldManager;
    private final Allocations allocations;
    private final AdmissionChain admission;
    private final SecureRandom random = new SecureRandom();

    public ObjectRegistry(
            WatchCache cache,
            RegistryReader reader,
            RegistryWriter writer,
            ObjectDefaulting defaulting,
            CreateStrategies createStrategies,
            ObjectValidation validation,
            Scheduler storageScheduler,
            Clock clock,
            Allocations allocations,
            AdmissionChain admission) {
        this.cache = cache;
        this.admission = admission;
        this.allocations = allocations;
        this.reader = reader;
        this.writer = writer;
        this.defaulting = defaulting;
        this.createStrategies = createStrategies;
        this.validation = validation;
        this.storageScheduler = storageScheduler;
        this.clock = clock;
        this.statusUpdateStrategies = new StatusUpdateStrategies(clock);
        this.fieldManager = new FieldManager(PatchSchema.builtin(), clock);
    }

    // ---- reads

    /** A consistent read of one object, straight from the database. */
    public Mono<byte[]> get(ResourceType type, String namespace, String name) {
        RegistryKey key = key(type, namespace, name);
        return Mono.fromCallable(() -> reader.get(key))
                .subscribeOn(storageScheduler)
                .flatMap(Mono::justOrEmpty)
                .map(stored -> stored.data())
                .switchIfEmpty(Mono.error(() -> Statuses.notFound(type.group(), type.plural(), name)));
    }

    /** A read from the watch cache (resourceVersion "0" or not older than a revision it has). */
    public Mono<byte[]> getCached(ResourceType type, String namespace, String name) {
        return Mono.justOrEmpty(cache.get(type, namespace, name))
                .map(CachedObject::json)
                .switchIfEmpty(Mono.error(() -> Statuses.notFound(type.group(), type.plural(), name)));
    }

    // ---- create

    /**
     * Creates an object. A non-null {@code owner} is recorded in managedFields as owning every field,
     * unless the object arrives with managedFields (as an apply's does).
     */
    public Mono<byte[]> create(
            ResourceType type, String namespace, ObjectNode object, FieldOwner owner, boolean dryRun) {
        return Mono.deferContextual(context -> {
            ObjectNode metadata = Meta.metadata(object);
            if (type.namespaced()) {
                metadata.put("namespace", namespace);
            } else {
                metadata.remove("namespace");
            }
            metadata.put("uid", UUID.randomUUID().toString());
            metadata.put("creationTimestamp", Meta.timestamp(clock.instant()));
            metadata.remove("resourceVersion");
            metadata.remove("deletionTimestamp");
            metadata.remove("deletionGracePeriodSeconds");
            metadata.remove("selfLink");
            if (tracksGeneration(type, object)) {
                metadata.put("generation", 1);
            } else {
                metadata.remove("generation");
            }
            defaulting.applyDefaults(type, object);
            Attributes attributes = Attributes.create(type, type.namespaced() ? namespace : "", object, dryRun)
                    .by(Requester.from(context))
                    .recordingTo(AdmissionRecorder.from(context));
            Mono<ObjectNode> admitted = Mono.fromCallable(() -> admitCreate(type, object, owner, attributes));
            if (admission.readsStorage(attributes)) {
                admitted = admitted.subscribeOn(storageScheduler);
            }
            return admitted.flatMap(admittedObject ->
                    createAllocating(type, key(type, namespace, Meta.name(admittedObject)), admittedObject, dryRun, 1));
        });
    }

    /**
     * The create steps after defaulting, in kube-apiserver's order: mutating admission, name
     * generation and the create strategy, validation, validating admission.
     */
    private ObjectNode admitCreate(ResourceType type, ObjectNode object, FieldOwner owner, Attributes attributes) {
        admission.admit(attributes);
        if (Meta.name(object).isEmpty() && !Meta.text(object, "generateName").isEmpty()) {
            Meta.metadata(object).put("name", Meta.text(object, "generateName") + randomSuffix());
        }
        createStrategies.prepareForCreate(type, object);
        if (owner != null) {
            fieldManager.recordCreate(type, object, owner);
        }
        requireValid(type, object, validation.validateCreate(type, object));
        admission.validate(attributes.named(Meta.name(object)));
        Optional<ApiException> refused = MirrorPodRestrictions.check(type, object);
        if (refused.isPresent()) {
            throw refused.get();
        }
        return object;
    }

    /**
     * Allocates what the object draws from shared pools and stores it; a value picked here that
     * another API server took meanwhile is replaced by another on the next attempt.
     */
    private Mono<byte[]> createAllocating(
            ResourceType type, RegistryKey key, ObjectNode prepared, boolean dryRun, int attempt) {
        boolean allocates = allocations.allocatesFor(type);
        ObjectNode object = allocates ? prepared.deepCopy() : prepared;
        AllocationPlan plan = allocates ? allocations.allocate(type, null, object, dryRun) : AllocationPlan.NONE;
        if (dryRun) {
            plan.abandoned();
            return Mono.just(serialize(object));
        }
        return submit(new WriteOp.Create(key, object), plan).flatMap(result -> {
            if (result instanceof WriteResult.Committed committed) {
                return Mono.just(committed.data());
            }
            if (result instanceof WriteResult.AllocationTaken taken) {
                return allocationTaken(
                        plan,
                        taken,
                        type,
                        key,
                        attempt,
                        () -> createAllocating(type, key, prepared, dryRun, attempt + 1));
            }
            return Mono.error(Statuses.alreadyExists(type.group(), type.plural(), key.name()));
        });
    }

    /** Runs {@code next} once the allocation pools are reloaded, off the request's thread. */
    /**
     * Another writer committed an address or port this write asked for: a value the client
     * requested is refused; one the allocator chose is chosen again after reloading the pools.
     */
    private Mono<byte[]> allocationTaken(
            AllocationPlan plan,
            WriteResult.AllocationTaken taken,
            ResourceType type,
            RegistryKey key,
            int attempt,
            java.util.function.Supplier<Mono<byte[]>> retry) {
        Optional<ApiException> refused = plan.taken(taken.allocation());
        if (refused.isPresent()) {
            return Mono.error(refused.get());
        }
        if (attempt >= MAX_UPDATE_ATTEMPTS) {
            return Mono.error(tooManyConflicts(type, key));
        }
        return afterRefresh(retry);
    }

    private <T> Mono<T> afterRefresh(java.util.function.Supplier<Mono<T>> next) {
        return Mono.fromRunnable(allocations::refresh)
                .subscribeOn(storageScheduler)
                .then(Mono.defer(next));
    }

    /** Submits {@code op} with the plan's allocations attached and tells the plan how it ended. */
    private Mono<WriteResult> submit(WriteOp op, AllocationPlan plan) {
        if (plan.isEmpty()) {
            plan.committed();
            return Mono.fromFuture(writer.submit(op));
        }
        WriteOp write = new WriteOp.Allocating(op, plan.acquire(), plan.release());
        return Mono.fromFuture(writer.submit(write))
                .doOnNext(result -> {
                    if (result instanceof WriteResult.Committed) {
                        plan.committed();
                    } else {
                        plan.abandoned();
                    }
                })
                .doOnError(e -> plan.abandoned());
    }

    private static ApiException tooManyConflicts(ResourceType type, RegistryKey key) {
        return Statuses.conflict(
                type.group(), type.plural(), key.name(), "too many concurrent updates; please try again");
    }

    // ---- update

    /**
     * Replaces an object (PUT). With {@code statusOnly} only the status changes (PUT on /status);
     * otherwise the status is kept for types that have a status subresource.
     */
    public Mono<byte[]> update(
            ResourceType type,
            String namespace,
            String name,
            ObjectNode object,
            boolean statusOnly,
            FieldOwner owner,
            boolean dryRun) {
        String requested = Meta.text(object, "resourceVersion");
        Long precondition = requested.isEmpty() ? null : parseRevision(requested);
        return guaranteedUpdate(type, namespace, name, precondition, dryRun, current -> {
            ObjectNode updated = statusOnly ? withStatusOf(current, object) : object.deepCopy();
            return prepareUpdate(type, updated, current, statusOnly, owner, dryRun);
        });
    }

    /**
     * Patches an object (JSON, JSON merge or strategic merge patch). A resourceVersion in the
     * patched result is a precondition, as in Kubernetes. {@code inspectPatched} sees (and may
     * prune) each patched result before it is checked and stored; it runs again on a retry.
     */
    public Mono<byte[]> patch(
            ResourceType type,
            String namespace,
            String name,
            String contentType,
            JsonNode patch,
            boolean statusOnly,
            FieldOwner owner,
            boolean dryRun,
            Consumer<ObjectNode> inspectPatched) {
        return guaranteedUpdate(type, namespace, name, null, dryRun, current -> {
            ObjectNode patched = Patches.apply(type, contentType, patch, current.object());
            inspectPatched.accept(patched);
            requireRevisionOf(type, name, patched, current);
            ObjectNode updated = statusOnly ? withStatusOf(current, patched) : patched;
            return prepareUpdate(type, updated, current, statusOnly, owner, dryRun);
        });
    }

    /**
     * Server-side apply of a partial object by {@code manager}; creates the object when there is
     * none, through the ordinary create path.
     */
    public Mono<byte[]> apply(
            ResourceType type,
            String namespace,
            String name,
            ObjectNode config,
            String manager,
            boolean force,
            boolean dryRun) {
        return guaranteedUpdate(type, namespace, name, null, dryRun, current -> {
                    ObjectNode applied = fieldManager.apply(type, current.object(), config, manager, force);
                    requireRevisionOf(type, name, applied, current);
                    return prepareUpdate(type, applied, current, false, null, dryRun);
                })
                .onErrorResume(
                        e -> e instanceof ApiException missing && missing.code() == 404,
                        e -> create(type, namespace, fieldManager.applyToCreate(type, config, manager), null, dryRun));
    }

    /**
     * Server-side apply through the status subresource: only the status changes, and {@code
     * manager} owns the status fields it applied in an entry marked {@code subresource: status}.
     * An object that does not exist is not created (404), as in Kubernetes.
     */
    public Mono<byte[]> applyStatus(
            ResourceType type,
            String namespace,
            String name,
            ObjectNode config,
            String manager,
            boolean force,
            boolean dryRun) {
        return guaranteedUpdate(type, namespace, name, null, dryRun, current -> {
            ObjectNode applied = fieldManager.apply(type, current.object(), config, manager, "status", force);
            requireRevisionOf(type, name, applied, current);
            ObjectNode updated = withStatusOf(current, applied);
            JsonNode managedFields = Meta.metadata(applied).get("managedFields");
            if (managedFields == null) {
                Meta.metadata(updated).remove("managedFields");
            } else {
                Meta.metadata(updated).set("managedFields", managedFields);
            }
            return prepareUpdate(type, updated, current, true, null, dryRun);
        });
    }

    FieldManager fieldManager() {
        return fieldManager;
    }

    /**
     * Applies {@code mutation} to the current object and stores the result, retrying from fresh
     * state when another write got there first, unless the caller named the revision it expects.
     */
    public Mono<byte[]> guaranteedUpdate(
            ResourceType type, String namespace, String name, Long precondition, boolean dryRun, Mutation mutation) {
        return Mono.deferContextual(context -> attempt(
                type,
                key(type, namespace, name),
                precondition,
                dryRun,
                current -> mutation.apply(current.recordingTo(AdmissionRecorder.from(context))),
                1,
                false));
    }

    private Mono<byte[]> attempt(
            ResourceType type,
            RegistryKey key,
            Long precondition,
            boolean dryRun,
            Mutation mutation,
            int attempt,
            boolean fromDatabase) {
        return Mono.deferContextual(context -> current(type, key, fromDatabase)
                .switchIfEmpty(Mono.error(() -> Statuses.notFound(type.group(), type.plural(), key.name())))
                .map(current -> current.by(Requester.from(context)))
                .flatMap(current -> {
                    if (precondition != null && current.revision() != precondition) {
                        if (!fromDatabase && current.revision() < precondition) {
                            return attempt(type, key, precondition, dryRun, mutation, attempt, true);
                        }
                        throw Statuses.staleResourceVersion(type.group(), type.plural(), key.name());
                    }
                    Mono<Optional<ObjectNode>> mutated =
                            Mono.fromCallable(() -> Optional.ofNullable(mutation.apply(current)));
                    if (admission.readsStorage(Attributes.update(
                            type, "", key.namespace(), key.name(), current.object(), current.object(), dryRun))) {
                        mutated = mutated.subscribeOn(storageScheduler);
                    }
                    return mutated.flatMap(result ->
                            store(type, key, precondition, dryRun, mutation, attempt, fromDatabase, current, result));
                }));
    }

    /** Stores the mutated object of an update attempt, retrying the attempt when another write won. */
    private Mono<byte[]> store(
            ResourceType type,
            RegistryKey key,
            Long precondition,
            boolean dryRun,
            Mutation mutation,
            int attempt,
            boolean fromDatabase,
            Current current,
            Optional<ObjectNode> mutated) {
        ObjectNode updated = mutated.orElse(null);
        if (updated == null || unchanged(updated, current)) {
            if (!current.stale() || dryRun) {
                return Mono.just(current.json());
            }
            updated = updated == null ? current.object().deepCopy() : updated;
        }
        boolean removes = isFinished(type, updated);
        AllocationPlan plan = allocations.allocatesFor(type)
                ? allocations.allocate(type, current.object(), removes ? null : updated, dryRun)
                : AllocationPlan.NONE;
        if (dryRun) {
            plan.abandoned();
            return Mono.just(serialize(updated));
        }
        WriteOp op = removes
                ? new WriteOp.Delete(key, current.revision(), updated, current.json())
                : new WriteOp.Update(key, current.revision(), updated, current.json());
        return submit(op, plan).flatMap(result -> {
            if (result instanceof WriteResult.Committed committed) {
                return Mono.just(committed.data());
            }
            if (result instanceof WriteResult.AllocationTaken taken) {
                return allocationTaken(
                        plan,
                        taken,
                        type,
                        key,
                        attempt,
                        () -> attempt(type, key, precondition, dryRun, mutation, attempt + 1, fromDatabase));
            }
            if (precondition != null && fromDatabase) {
                return Mono.error(Statuses.staleResourceVersion(type.group(), type.plural(), key.name()));
            }
            if (attempt >= MAX_UPDATE_ATTEMPTS) {
                return Mono.error(Statuses.conflict(
                        type.group(), type.plural(), key.name(), "too many concurrent updates; please try again"));
            }
            return attempt(type, key, precondition, dryRun, mutation, attempt + 1, true);
        });
    }

    /**
     * Fills in what an update may not change, runs admission, records {@code owner}'s changes in
     * managedFields (none when null) and checks the result; the object is modified in place.
     */
    ObjectNode prepareUpdate(
            ResourceType type,
            ObjectNode updated,
            Current current,
            boolean statusOnly,
            FieldOwner owner,
            boolean dryRun) {
        return prepareUpdate(type, updated, current, statusOnly ? "status" : "", owner, dryRun);
    }

    /**
     * As {@link #prepareUpdate(ResourceType, ObjectNode, Current, boolean, FieldOwner, boolean)} for
     * a write through {@code subresource}: "" for the object itself, "status", or another
     * subresource that takes the whole object and whose caller already kept what it may not change
     * (certificatesigningrequests/approval).
     */
    ObjectNode prepareUpdate(
            ResourceType type,
            ObjectNode updated,
            Current current,
            String subresource,
            FieldOwner owner,
            boolean dryRun) {
        boolean statusOnly = subresource.equals("status");
        ObjectNode old = current.object();
        ObjectNode metadata = Meta.metadata(updated);
        ObjectNode oldMetadata = Meta.metadata(old);
        updated.put("apiVersion", type.apiVersion());
        updated.put("kind", type.kind());
        for (String field :
                List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation")) {
            JsonNode value = oldMetadata.get(field);
            if (value == null) {
                metadata.remove(field);
            } else {
                metadata.set(field, value);
            }
        }
        if (type.namespaced()) {
            metadata.put("namespace", current.key().namespace());
        }
        metadata.put("resourceVersion", Long.toString(current.revision()));
        if (statusOnly) {
            statusUpdateStrategies.prepareForStatusUpdate(type, updated, old);
        } else if (subresource.isEmpty()) {
            if (type.hasSubresource("status")) {
                JsonNode status = old.get("status");
                if (status == null) {
                    updated.remove("status");
                } else {
                    updated.set("status", status);
                }
            }
            defaulting.applyDefaults(type, updated);
            allocations.keepAllocated(type, updated, old);
            if (tracksGeneration(type, updated) && specChanged(updated, old)) {
                metadata.put("generation", Meta.generation(old) + 1);
            }
        }
        CertificateSigningRequests.prepareForUpdate(type, updated, old, subresource, clock.instant());
        Attributes attributes = Attributes.update(
                        type,
                        subresource,
                        current.key().namespace(),
                        current.key().name(),
                        updated,
                        old,
                        dryRun)
                .by(current.requester())
                .recordingTo(current.recorder());
        admission.admit(attributes);
        if (owner != null) {
            fieldManager.recordUpdate(type, old, updated, owner);
        } else if (!metadata.has("managedFields") && oldMetadata.has("managedFields")) {
            metadata.set("managedFields", oldMetadata.get("managedFields"));
        }
        List<StatusCause> causes = statusOnly
                ? validation.validateStatusUpdate(type, updated, old)
                : subresource.isEmpty()
                        ? validation.validateUpdate(type, updated, old)
                        : validation.validateSubresourceUpdate(type, subresource, updated, old);
        requireValid(type, updated, causes);
        admission.validate(attributes);
        if (Meta.isDeleting(old) && !Meta.hasFinalizers(old)) {
            // Nothing holds it any more; it is going away (see isFinished).
            return updated;
        }
        if (Meta.isDeleting(old)) {
            JsonNode before = oldMetadata.get("finalizers");
            JsonNode after = metadata.get("finalizers");
            if (after != null && after.isArray()) {
                for (JsonNode finalizer : after) {
                    if (!contains(before, finalizer.asText())) {
                        throw Statuses.invalid(
                                type.group(),
                                type.kind(),
                                Meta.name(updated),
                                List.of(cause(
                                        "FieldValueForbidden",
                                        "metadata.finalizers",
                                        "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\""
                                                + finalizer.asText() + "\"}")));
                    }
                }
            }
        }
        return updated;
    }

    // ---- delete

    public Mono<DeleteOutcome> delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        RegistryKey key = key(type, namespace, name);
        return Mono.deferContextual(context -> deleteAttempt(type, key, options, 1, false, Requester.from(context)));
    }

    private Mono<DeleteOutcome> deleteAttempt(
            ResourceType type,
            RegistryKey key,
            DeleteOptions options,
            int attempt,
            boolean fromDatabase,
            UserInfo requester) {
        return current(type, key, fromDatabase)
                .switchIfEmpty(Mono.error(() -> Statuses.notFound(type.group(), type.plural(), key.name())))
                .flatMap(current -> {
                    checkPreconditions(type, key, current, options);
                    Attributes attributes = Attributes.delete(
                                    type, key.namespace(), key.name(), current.object(), options.dryRun())
                            .by(requester);
                    admission.admit(attributes);
                    admission.validate(attributes);
                    ObjectNode object = current.object().deepCopy();
                    WriteOp op = deletion(type, key, current, object, options);
                    if (op == null) {
                        return Mono.just(new DeleteOutcome(current.json(), false));
                    }
                    if (options.dryRun()) {
                        return Mono.just(new DeleteOutcome(serialize(object), op instanceof WriteOp.Delete));
                    }
                    AllocationPlan plan = op instanceof WriteOp.Delete && allocations.allocatesFor(type)
                            ? allocations.allocate(type, current.object(), null, false)
                            : AllocationPlan.NONE;
                    return submit(op, plan).flatMap(result -> {
                        if (result instanceof WriteResult.Committed committed) {
                            return Mono.just(new DeleteOutcome(committed.data(), op instanceof WriteOp.Delete));
                        }
                        if (attempt >= MAX_UPDATE_ATTEMPTS) {
                            return Mono.error(Statuses.conflict(
                                    type.group(),
                                    type.plural(),
                                    key.name(),
                                    "too many concurrent updates; please try again"));
                        }
                        return deleteAttempt(type, key, options, attempt + 1, true, requester);
                    });
                });
    }

    /**
     * Decides what a delete does to {@code object} (modified in place): remove it now, or mark it
     * with a deletionTimestamp and wait for finalizers or a grace period. Null when nothing changes.
     */
    private WriteOp deletion(
            ResourceType type, RegistryKey key, Current current, ObjectNode object, DeleteOptions options) {
        ObjectNode metadata = Meta.metadata(object);
        if (NamespaceLifecycle.isNamespace(type)) {
            if (NamespaceLifecycle.isTerminating(object)) {
                return NamespaceLifecycle.finalized(object) && !Meta.hasFinalizers(object)
                        ? new WriteOp.Delete(key, current.revision(), object, current.json())
                        : null;
            }
            NamespaceLifecycle.markTerminating(object, Meta.timestamp(clock.instant()));
            return NamespaceLifecycle.finalized(object) && !Meta.hasFinalizers(object)
                    ? new WriteOp.Delete(key, current.revision(), object, current.json())
                    : new WriteOp.Update(key, current.revision(), object, current.json());
        }
        String policy = options.propagationPolicy();
        boolean changed = false;
        if ("Orphan".equals(policy) && !Meta.hasFinalizer(object, "orphan")) {
            Meta.addFinalizer(object, "orphan");
            changed = true;
        } else if ("Foreground".equals(policy) && !Meta.hasFinalizer(object, "foregroundDeletion")) {
            Meta.addFinalizer(object, "foregroundDeletion");
            changed = true;
        }
        long grace = GracefulDeletion.gracePeriodSeconds(type, object, options.gracePeriodSeconds());
        Instant now = clock.instant();
        if (Meta.isDeleting(object)) {
            // Already being deleted: a shorter grace period may bring the deadline forward.
            long currentGrace = metadata.path("deletionGracePeriodSeconds").asLong(0);
            if (grace < currentGrace) {
                metadata.put("deletionTimestamp", Meta.timestamp(now.plusSeconds(grace)));
                metadata.put("deletionGracePeriodSeconds", grace);
                changed = true;
            }
            if (grace == 0 && !Meta.hasFinalizers(object)) {
                return new WriteOp.Delete(key, current.revision(), object, current.json());
            }
            return changed ? new WriteOp.Update(key, current.revision(), object, current.json()) : null;
        }
        if (grace > 0 || Meta.hasFinalizers(object)) {
            metadata.put("deletionTimestamp", Meta.timestamp(now.plusSeconds(grace)));
            metadata.put("deletionGracePeriodSeconds", grace);
            if (metadata.has("generation")) {
                metadata.put("generation", Meta.generation(object) + 1);
            }
            return new WriteOp.Update(key, current.revision(), object, current.json());
        }
        return new WriteOp.Delete(key, current.revision(), object, current.json());
    }

    private static void checkPreconditions(ResourceType type, RegistryKey key, Current current, DeleteOptions options) {
        String uid = Meta.text(current.object(), "uid");
        if (options.preconditionUid() != null && !options.preconditionUid().equals(uid)) {
            throw Statuses.conflict(
                    type.group(),
                    type.plural(),
                    key.name(),
                    "Precondition failed: UID in precondition: " + options.preconditionUid() + ", UID in object meta: "
                            + uid);
        }
        if (options.preconditionResourceVersion() != null
                && !options.preconditionResourceVersion().equals(Long.toString(current.revision()))) {
            throw Statuses.conflict(
                    type.group(),
                    type.plural(),
                    key.name(),
                    "Precondition failed: ResourceVersion in precondition: " + options.preconditionResourceVersion()
                            + ", ResourceVersion in object meta: " + current.revision());
        }
    }

    // ---- helpers

    /**
     * The stored object a write starts from, who asks for the write ({@code requester}, null for the
     * API server's own writes), which admission is told, and where admission's warnings for the
     * request go ({@code recorder}).
     *
     * @param stale stored by an older encryption key or provider: rewritten even by an update that
     *     changes nothing, as Kubernetes does, so that {@code kubectl replace} rotates keys
     */
    public record Current(
            RegistryKey key,
            long revision,
            ObjectNode object,
            byte[] json,
            boolean stale,
            UserInfo requester,
            AdmissionRecorder recorder) {

        Current(RegistryKey key, long revision, ObjectNode object, byte[] json, boolean stale) {
            this(key, revision, object, json, stale, null, new AdmissionRecorder());
        }

        Current by(UserInfo user) {
            return new Current(key, revision, object, json, stale, user, recorder);
        }

        Current recordingTo(AdmissionRecorder requestRecorder) {
            return new Current(key, revision, object, json, stale, requester, requestRecorder);
        }
    }

    /**
     * Computes the new object from the current one (whose tree it must not modify); returns null
     * for "no change".
     */
    @FunctionalInterface
    public interface Mutation {
        ObjectNode apply(Current current);
    }

    private Mono<Current> current(ResourceType type, RegistryKey key, boolean fromDatabase) {
        if (!fromDatabase) {
            Optional<CachedObject> cached = cache.get(type, key.namespace(), key.name());
            if (cached.isPresent()) {
                CachedObject o = cached.get();
                return Mono.just(new Current(key, o.revision(), parse(o.json()), o.json(), o.stale()));
            }
        }
        return Mono.fromCallable(() -> reader.get(key))
                .subscribeOn(storageScheduler)
                .flatMap(Mono::justOrEmpty)
                .map(stored ->
                        new Current(key, stored.revision(), parse(stored.data()), stored.data(), stored.stale()));
    }

    /** Whether an object marked for deletion has nothing left holding it. */
    private static boolean isFinished(ResourceType type, ObjectNode object) {
        if (!Meta.isDeleting(object) || Meta.hasFinalizers(object)) {
            return false;
        }
        if (NamespaceLifecycle.isNamespace(type)) {
            return NamespaceLifecycle.finalized(object);
        }
        return Meta.metadata(object).path("deletionGracePeriodSeconds").asLong(0) == 0;
    }

    private static ObjectNode withStatusOf(Current current, ObjectNode body) {
        ObjectNode updated = current.object().deepCopy();
        JsonNode status = body.get("status");
        if (status == null) {
            updated.remove("status");
        } else {
            updated.set("status", status);
        }
        return updated;
    }

    /** A resourceVersion inside a patched or applied result is a precondition, as in Kubernetes. */
    static void requireRevisionOf(ResourceType type, String name, ObjectNode result, Current current) {
        String requested = Meta.text(result, "resourceVersion");
        if (!requested.isEmpty() && !requested.equals(Long.toString(current.revision()))) {
            throw Statuses.staleResourceVersion(type.group(), type.plural(), name);
        }
    }

    private static boolean unchanged(ObjectNode updated, Current current) {
        return updated.equals(current.object());
    }

    /**
     * The types whose registry strategy sets metadata.generation in Kubernetes 1.32 and bumps it
     * whenever the spec changes; other kinds (pods, services, namespaces, ...) show none.
     */
    private static final java.util.Set<String> GENERATION_TRACKING = java.util.Set.of(
            "deployments.apps",
            "replicasets.apps",
            "daemonsets.apps",
            "statefulsets.apps",
            "replicationcontrollers",
            "jobs.batch",
            "cronjobs.batch",
            "endpointslices.discovery.k8s.io",
            "poddisruptionbudgets.policy",
            "ingresses.networking.k8s.io",
            "ingressclasses.networking.k8s.io");

    private static boolean tracksGeneration(ResourceType type, ObjectNode object) {
        return GENERATION_TRACKING.contains(type.groupResource());
    }

    private static boolean specChanged(ObjectNode updated, ObjectNode old) {
        for (Iterator<Map.Entry<String, JsonNode>> it = updated.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!isSpecLike(e.getKey())) {
                continue;
            }
            if (!e.getValue().equals(old.get(e.getKey()))) {
                return true;
            }
        }
        for (Iterator<String> it = old.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (isSpecLike(field) && !updated.has(field)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpecLike(String field) {
        return !field.equals("metadata")
                && !field.equals("status")
                && !field.equals("kind")
                && !field.equals("apiVersion");
    }

    private static boolean contains(JsonNode array, String value) {
        if (array != null && array.isArray()) {
            for (JsonNode item : array) {
                if (value.equals(item.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void requireValid(ResourceType type, ObjectNode object, List<StatusCause> causes) {
        if (!causes.isEmpty()) {
            throw Statuses.invalid(type.group(), type.kind(), Meta.name(object), causes);
        }
    }

    static StatusCause cause(String reason, String field, String message) {
        StatusCause cause = new StatusCause();
        cause.setReason(reason);
        cause.setField(field);
        cause.setMessage(message);
        return cause;
    }

    private static long parseRevision(String resourceVersion) {
        try {
            return Long.parseLong(resourceVersion);
        } catch (NumberFormatException e) {
            throw Statuses.badRequest("invalid resourceVersion: " + resourceVersion);
        }
    }

    static RegistryKey key(ResourceType type, String namespace, String name) {
        return new RegistryKey(type.groupResource(), type.namespaced() ? namespace : "", name);
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_SUFFIX_ALPHABET.charAt(random.nextInt(NAME_SUFFIX_ALPHABET.length())));
        }
        return suffix.toString();
    }

    static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] serialize(ObjectNode object) {
        try {
            return KubeJson.mapper().writeValueAsBytes(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
