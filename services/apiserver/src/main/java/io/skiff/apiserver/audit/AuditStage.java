package io.skiff.apiserver.audit;

/** The points of a request at which an event is written. */
public enum AuditStage {
    /** As soon as the request arrives, before it is handled. */
    RequestReceived,
    /** Once the response headers are sent, for long-running requests (watches, exec, logs) only. */
    ResponseStarted,
    /** When the response is complete. */
    ResponseComplete,
    /** When handling the request failed unexpectedly. */
    Panic
}
