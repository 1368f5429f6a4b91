package io.skiff.apiserver.admission;

/** The kind of write a request makes, as admission.Operation. Reads never reach admission. */
public enum Operation {
    CREATE,
    UPDATE,
    DELETE,
    CONNECT
}
