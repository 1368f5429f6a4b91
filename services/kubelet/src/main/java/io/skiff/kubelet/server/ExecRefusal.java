package io.skiff.kubelet.server;

/** An exec the kubelet refuses before upgrading the connection: the HTTP code and its plain-text words. */
final class ExecRefusal extends RuntimeException {

    private final int code;

    ExecRefusal(int code, String message) {
        super(message);
        this.code = code;
    }

    int code() {
        return code;
    }
}
