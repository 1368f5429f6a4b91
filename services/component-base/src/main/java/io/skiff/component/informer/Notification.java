package io.skiff.component.informer;

import java.util.List;

/**
 * A change to hand to handlers: the handlers registered when the cache changed (so a handler added
 * later, which got the cache's content as synthetic adds, never sees an older change twice).
 */
record Notification<T>(
        Kind kind, List<HandlerListener<T>> targets, T oldObject, T newObject, boolean finalStateUnknown) {

    enum Kind {
        ADD,
        UPDATE,
        DELETE,
        /** Marks the end of a handler's initial adds. */
        SYNCED
    }

    static <T> Notification<T> add(List<HandlerListener<T>> targets, T object) {
        return new Notification<>(Kind.ADD, targets, null, object, false);
    }

    static <T> Notification<T> update(List<HandlerListener<T>> targets, T oldObject, T newObject) {
        return new Notification<>(Kind.UPDATE, targets, oldObject, newObject, false);
    }

    static <T> Notification<T> delete(List<HandlerListener<T>> targets, T object, boolean finalStateUnknown) {
        return new Notification<>(Kind.DELETE, targets, object, null, finalStateUnknown);
    }

    static <T> Notification<T> synced(List<HandlerListener<T>> targets) {
        return new Notification<>(Kind.SYNCED, targets, null, null, false);
    }
}
