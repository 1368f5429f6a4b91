package io.skiff.model.quota;

/** A quota scope selector that cannot be evaluated (an unknown operator, invalid values). */
public final class ScopeException extends Exception {

    public ScopeException(String message) {
        super(message);
    }
}
