package io.skiff.component.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Receives an informer's notifications, in the order the cache changed, on the informer's dispatch
 * thread. Handlers should only turn objects into work (typically a key on a workqueue) and return:
 * every handler of an informer shares its dispatch thread. The objects are the cached instances;
 * copy before mutating.
 */
public interface ResourceEventHandler<T> {

    /** An object appeared: created, listed for the first time, or replayed to a late handler. */
    default void onAdd(T object) {}

    /**
     * An object changed. On a periodic resync {@code oldObject == newObject}: nothing changed, the
     * object is delivered again so that handlers can catch up on anything they missed.
     */
    default void onUpdate(T oldObject, T newObject) {}

    /**
     * An object disappeared.
     *
     * @param object its last state: from the watch's DELETED event, or when {@code
     *     finalStateUnknown}, the last state the cache held
     * @param finalStateUnknown true when a relist found the object gone, so the deletion itself was
     *     missed (client-go's DeletedFinalStateUnknown tombstone): its final state is unknown
     */
    default void onDelete(T object, boolean finalStateUnknown) {}

    /**
     * A handler made of one function per notification, for handlers that do not care whether a
     * deletion's final state is known: {@code of(this::podAdded, this::podUpdated, this::podDeleted)}.
     */
    static <T> ResourceEventHandler<T> of(Consumer<T> added, BiConsumer<T, T> updated, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                added.accept(object);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                updated.accept(oldObject, newObject);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                deleted.accept(object);
            }
        };
    }

    /**
     * The handler controllers usually want: every notification hands the object's key ({@code
     * namespace/name} or {@code name}) to {@code queue}, e.g. {@code workQueue::add}.
     */
    static <T extends HasMetadata> ResourceEventHandler<T> enqueueingKeys(Consumer<String> queue) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                queue.accept(ObjectKeys.keyOf(object));
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                queue.accept(ObjectKeys.keyOf(newObject));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                queue.accept(ObjectKeys.keyOf(object));
            }
        };
    }
}
