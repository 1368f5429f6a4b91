package io.skiff.component.informer;

/** A handler's registration with a {@link SharedIndexInformer}; pass it back to remove the handler. */
public interface EventHandlerRegistration {

    /**
     * Whether this handler has been handed every object of the informer's first list (or, for a
     * handler added later, every object cached when it was added).
     */
    boolean hasSynced();
}
