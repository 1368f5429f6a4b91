package io.skiff.component.informer;

import java.util.List;

/**
 * Where a {@link Reflector} puts what it lists and watches, as client-go's cache.Store receives a
 * reflector's calls. Implementations must return quickly: they run on the reflector's thread, and
 * a slow store delays the watch.
 */
public interface SyncableStore<T> {

    /** A watch reported the object created (or it reappeared). */
    void add(T object);

    /** A watch reported a new state of the object. */
    void update(T object);

    /** A watch reported the object deleted; {@code object} is its last state. */
    void delete(T object);

    /** A (re)list returned {@code objects}, read at {@code resourceVersion}: they are now all there is. */
    void replace(List<T> objects, String resourceVersion);
}
