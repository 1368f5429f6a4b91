package io.skiff.controllermanager.history;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.controllermanager.ownership.ControllerClaims;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * A controller's history as ControllerRevisions (history.Interface): which revisions an owner
 * controls (adopting orphans its selector matches, releasing those it no longer matches, through
 * {@link ControllerClaims}), creating a revision under a name that survives hash collisions,
 * renumbering a revision that becomes current again, and deleting revisions.
 */
public final class RevisionHistory {

    /** Collisions of 32-bit hashes are rare; this many in a row means something else is wrong. */
    static final int MAX_COLLISIONS = 32;

    /** Renumbering retries this often on conflicts (client-go's retry.DefaultBackoff steps). */
    static final int UPDATE_ATTEMPTS = 4;

    private final RevisionWrites writes;
    private final ControllerClaims<ControllerRevision> claims;
    private final Duration timeout;

    /**
     * @param freshOwner reads an owner from the API server by namespace and name (empty when gone),
     *     so that adoption never happens for a deleted owner
     */
    public RevisionHistory(
            RevisionWrites writes,
            BiFunction<String, String, Mono<? extends HasMetadata>> freshOwner,
            Duration timeout) {
        this.writes = writes;
        this.timeout = timeout;
        this.claims = new ControllerClaims<>(
                new ControllerClaims.Writes() {
                    @Override
                    public Mono<?> patchOwned(String namespace, String name, Map<String, Object> patch) {
                        return writes.patchRevision(namespace, name, patch);
                    }

                    @Override
                    public Mono<? extends HasMetadata> freshOwner(String namespace, String name) {
                        return freshOwner.apply(namespace, name);
                    }
                },
                timeout);
    }

    /** The revisions among {@code candidates} (the owner's namespace) that {@code owner} controls after claiming. */
    public List<ControllerRevision> claim(
            HasMetadata owner, LabelSelector selector, List<ControllerRevision> candidates) {
        return claims.claim(owner, selector, candidates);
    }

    /**
     * A new revision of {@code parent} holding {@code data}: labelled with the template's labels
     * and the data hash, controlled by the parent, named {@code <parent>-<hash>} (NewControllerRevision).
     */
    public static ControllerRevision newRevision(
            HasMetadata parent, Map<String, String> templateLabels, Object data, long revision, int collisionCount) {
        String hash = ControllerRevisions.hash(data, collisionCount);
        Map<String, String> labels = templateLabels == null ? new HashMap<>() : new HashMap<>(templateLabels);
        labels.put(ControllerRevisions.HASH_LABEL, hash);
        return new ControllerRevisionBuilder()
                .withNewMetadata()
                .withName(ControllerRevisions.name(parent.getMetadata().getName(), hash))
                .withNamespace(parent.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(OwnerReferences.controllerRef(parent))
                .endMetadata()
                .withData(data)
                .withRevision(revision)
                .build();
    }

    /**
     * Creates {@code revision} for {@code parent} (CreateControllerRevision). When its name is taken
     * by a revision with other data, the collision count grows and the name is hashed again; when it
     * is taken by the same data, that revision is the answer.
     *
     * @param collisionCount in: the parent's status.collisionCount; out: the count the name was made with
     */
    public ControllerRevision create(HasMetadata parent, ControllerRevision revision, int[] collisionCount) {
        String namespace = parent.getMetadata().getNamespace();
        for (int attempt = 0; attempt < MAX_COLLISIONS; attempt++) {
            String hash = ControllerRevisions.hash(revision.getData(), collisionCount[0]);
            ControllerRevision named = new ControllerRevisionBuilder(revision)
                    .editMetadata()
                    .withName(ControllerRevisions.name(parent.getMetadata().getName(), hash))
                    .withNamespace(namespace)
                    .addToLabels(ControllerRevisions.HASH_LABEL, hash)
                    .endMetadata()
                    .build();
            try {
                return writes.createRevision(namespace, named).block(timeout);
            } catch (RuntimeException e) {
                if (!ApiErrors.isAlreadyExists(e)) {
                    throw e;
                }
            }
            ControllerRevision existing = writes.freshRevision(
                            namespace, named.getMetadata().getName())
                    .block(timeout);
            if (existing != null && ControllerRevisions.sameData(existing, named)) {
                return existing;
            }
            collisionCount[0]++;
        }
        throw new IllegalStateException(String.format(
                "could not name a revision of %s/%s: %d hash collisions in a row",
                namespace, parent.getMetadata().getName(), MAX_COLLISIONS));
    }

    /**
     * Gives {@code revision} the number {@code newRevision} (UpdateControllerRevision), rereading it
     * on conflicts.
     */
    public ControllerRevision renumber(ControllerRevision revision, long newRevision) {
        ControllerRevision current = revision;
        for (int attempt = 1; ; attempt++) {
            if (Objects.equals(current.getRevision(), newRevision)) {
                return current;
            }
            ControllerRevision changed = new ControllerRevisionBuilder(current)
                    .withRevision(newRevision)
                    .build();
            try {
                return writes.updateRevision(changed).block(timeout);
            } catch (RuntimeException e) {
                if (!ApiErrors.isConflict(e) || attempt >= UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
            current = writes.freshRevision(
                            revision.getMetadata().getNamespace(),
                            revision.getMetadata().getName())
                    .blockOptional(timeout)
                    .orElseThrow(() -> new IllegalStateException("revision "
                            + revision.getMetadata().getNamespace() + "/"
                            + revision.getMetadata().getName() + " vanished while being renumbered"));
        }
    }

    /** Deletes {@code revision}; one already gone counts as deleted. */
    public void delete(ControllerRevision revision) {
        try {
            writes.deleteRevision(
                            revision.getMetadata().getNamespace(),
                            revision.getMetadata().getName())
                    .block(timeout);
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
        }
    }
}
