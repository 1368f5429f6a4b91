package io.skiff.component.informer;

/** One registered handler with its resync schedule, which only the dispatch thread touches. */
final class HandlerListener<T> implements EventHandlerRegistration {

    final ResourceEventHandler<T> handler;

    /** 0: never resynced. */
    final long resyncNanos;

    long nextResyncNanos;
    volatile boolean synced;
    volatile boolean removed;

    HandlerListener(ResourceEventHandler<T> handler, long resyncNanos, long nowNanos) {
        this.handler = handler;
        this.resyncNanos = resyncNanos;
        this.nextResyncNanos = nowNanos + resyncNanos;
    }

    @Override
    public boolean hasSynced() {
        return synced;
    }

    boolean resyncDue(long nowNanos) {
        return resyncNanos > 0 && !removed && nowNanos - nextResyncNanos >= 0;
    }
}
