package io.skiff.kubelet.network;

/**
 * A CNI plugin failed, with the error it returned (the spec's Error result: a code, a message and
 * details) or what it wrote to stderr. The message reads like libcni's:
 * {@code plugin type="bridge" name="skiff" failed (add): <msg>; <details>}.
 */
public class CniException extends RuntimeException {

    private final int code;

    public CniException(String message, int code) {
        super(message);
        this.code = code;
    }

    public CniException(String message, Throwable cause) {
        super(message, cause);
        this.code = 0;
    }

    /** The CNI error code (1-99 are the spec's well-known ones); 0 when the plugin gave none. */
    public int code() {
        return code;
    }
}
