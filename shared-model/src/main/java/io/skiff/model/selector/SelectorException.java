package io.skiff.model.selector;

/**
 * A label or field selector that cannot be parsed or is not supported for the resource asked
 * about. The message is Kubernetes' own, so the API server can answer 400 BadRequest with it.
 */
public final class SelectorException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public SelectorException(String message) {
        super(message);
    }
}
