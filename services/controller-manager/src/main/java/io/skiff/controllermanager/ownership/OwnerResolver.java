package io.skiff.controllermanager.ownership;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.skiff.component.informer.Lister;
import io.skiff.model.selector.SelectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The cached owners of one kind as seen from the objects they control, which every owning
 * controller's event handlers ask about (resolveControllerRef and getPodReplicaSets, getPodJobs, ...
 * in Kubernetes): the owner an object's controller reference names, if it is cached and still the
 * same object (same UID); and, for an orphan, the owners in its namespace whose selector matches it
 * and which may therefore adopt it. What a controller does with the owners it is handed (observe
 * expectations, queue now or later) stays in its handlers.
 *
 * @param <O> the owners' kind
 */
public final class OwnerResolver<O extends HasMetadata> {

    private final BiFunction<String, String, Optional<O>> get;
    private final Function<String, List<O>> inNamespace;
    private final Predicate<OwnerReference> isOwnerKind;
    private final Function<O, LabelSelector> selector;

    /**
     * @param get a cached owner by namespace and name
     * @param inNamespace the cached owners of a namespace
     * @param isOwnerKind whether a controller reference names this kind of owner
     * @param selector an owner's selector of what it controls; null for owners that adopt nothing
     */
    public OwnerResolver(
            BiFunction<String, String, Optional<O>> get,
            Function<String, List<O>> inNamespace,
            Predicate<OwnerReference> isOwnerKind,
            Function<O, LabelSelector> selector) {
        this.get = get;
        this.inNamespace = inNamespace;
        this.isOwnerKind = isOwnerKind;
        this.selector = selector;
    }

    /** Owners from an informer's cache, named in controller references by {@code kind}. */
    public static <O extends HasMetadata> OwnerResolver<O> of(
            Lister<O> owners, String kind, Function<O, LabelSelector> selector) {
        return new OwnerResolver<>(
                owners::get,
                namespace -> owners.list(namespace, io.skiff.model.selector.LabelSelector.everything()),
                reference -> kind.equals(reference.getKind()),
                selector);
    }

    /** Owners from an informer's cache that adopt no orphans (a CronJob's Jobs are its own). */
    public static <O extends HasMetadata> OwnerResolver<O> of(Lister<O> owners, String kind) {
        return of(owners, kind, null);
    }

    /** Whether an update notification changed nothing: an informer resync. */
    public static boolean isResync(HasMetadata oldObject, HasMetadata newObject) {
        return Objects.equals(
                oldObject.getMetadata().getResourceVersion(),
                newObject.getMetadata().getResourceVersion());
    }

    /** The cached owner {@code controller} points to in {@code namespace}, if it is one and still the same object. */
    public Optional<O> resolve(String namespace, OwnerReference controller) {
        if (!isOwnerKind.test(controller)) {
            return Optional.empty();
        }
        return get.apply(namespace, controller.getName())
                .filter(owner -> Objects.equals(owner.getMetadata().getUid(), controller.getUid()));
    }

    /** The cached owner controlling {@code object}, if its controller is one. */
    public Optional<O> controllerOf(HasMetadata object) {
        return OwnerReferences.controllerOf(object)
                .flatMap(controller -> resolve(object.getMetadata().getNamespace(), controller));
    }

    /**
     * The owners that may adopt {@code orphan}: those in its namespace whose selector matches its
     * labels. An orphan without labels has none; a selector that selects everything, nothing, or is
     * invalid matches no orphan.
     */
    public List<O> adopters(HasMetadata orphan) {
        if (selector == null
                || orphan.getMetadata().getLabels() == null
                || orphan.getMetadata().getLabels().isEmpty()) {
            return List.of();
        }
        List<O> adopters = new ArrayList<>();
        for (O owner : inNamespace.apply(orphan.getMetadata().getNamespace())) {
            io.skiff.model.selector.LabelSelector parsed;
            try {
                parsed = io.skiff.model.selector.LabelSelector.fromApi(selector.apply(owner));
            } catch (SelectorException invalid) {
                continue;
            }
            if (!parsed.isEverything() && parsed.matches(orphan.getMetadata().getLabels())) {
                adopters.add(owner);
            }
        }
        return adopters;
    }

    /**
     * A new object: its owner, if its controller is a cached owner, goes to {@code toOwner}; an
     * orphan goes to every owner that may adopt it.
     */
    public void added(HasMetadata object, Consumer<O> toOwner, Consumer<O> toAdopter) {
        Optional<OwnerReference> controller = OwnerReferences.controllerOf(object);
        if (controller.isPresent()) {
            resolve(object.getMetadata().getNamespace(), controller.get()).ifPresent(toOwner);
            return;
        }
        adopters(object).forEach(toAdopter);
    }

    /**
     * A changed object (a resync changes nothing): when its controller reference changed, the
     * previous owner goes to {@code toOldOwner}; the current owner, if it has a controller, to
     * {@code toOwner}; an orphan whose labels or controller changed to every owner that may adopt it.
     */
    public void updated(
            HasMetadata oldObject,
            HasMetadata newObject,
            Consumer<O> toOldOwner,
            Consumer<O> toOwner,
            Consumer<O> toAdopter) {
        if (isResync(oldObject, newObject)) {
            return;
        }
        Optional<OwnerReference> oldController = OwnerReferences.controllerOf(oldObject);
        Optional<OwnerReference> newController = OwnerReferences.controllerOf(newObject);
        boolean controllerChanged = !Objects.equals(oldController, newController);
        if (controllerChanged && oldController.isPresent()) {
            resolve(oldObject.getMetadata().getNamespace(), oldController.get()).ifPresent(toOldOwner);
        }
        if (newController.isPresent()) {
            resolve(newObject.getMetadata().getNamespace(), newController.get()).ifPresent(toOwner);
            return;
        }
        boolean labelsChanged = !Objects.equals(
                oldObject.getMetadata().getLabels(), newObject.getMetadata().getLabels());
        if (labelsChanged || controllerChanged) {
            adopters(newObject).forEach(toAdopter);
        }
    }
}
