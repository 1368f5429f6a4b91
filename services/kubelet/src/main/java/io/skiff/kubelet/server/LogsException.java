package io.skiff.kubelet.server;

/** A log request the kubelet refuses, with the HTTP code and the plain-text message it answers with. */
final class LogsException extends RuntimeException {

    private final int code;

    LogsException(int code, String message) {
        super(message);
        this.code = code;
    }

    int code() {
        return code;
    }
}
