package io.skiff.controllermanager.garbagecollector;

/** An owner reference the collector cannot resolve: retrying will not help. */
public final class UnresolvableReferenceException extends RuntimeException {

    public UnresolvableReferenceException(String message) {
        super(message);
    }
}
