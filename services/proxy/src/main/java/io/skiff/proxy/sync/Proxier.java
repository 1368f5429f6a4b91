package io.skiff.proxy.sync;

/** Programs the node from the tracked Services and endpoints; one implementation per proxy mode. */
public interface Proxier extends AutoCloseable {

    /** Brings the node in line with the current state; returns false when it failed (and should be retried). */
    boolean sync();

    /** Releases what the proxier holds open (listeners); rules stay, as kube-proxy leaves them. */
    @Override
    default void close() {}
}
