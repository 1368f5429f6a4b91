package io.skiff.controllermanager.resourcequota;

/** A quota scope selector that cannot be evaluated (an unknown operator, invalid values). */
final class ScopeException extends Exception {

    ScopeException(String message) {
        super(message);
    }
}
