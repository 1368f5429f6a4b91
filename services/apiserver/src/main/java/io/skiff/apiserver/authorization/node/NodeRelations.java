package io.skiff.apiserver.authorization.node;

/** Whether a pod bound to a node references an object: what the node authorizer allows by. */
@FunctionalInterface
public interface NodeRelations {

    /** The kinds of object a node reaches through its pods. */
    enum Kind {
        SECRET,
        CONFIG_MAP,
        CLAIM,
        VOLUME,
        SERVICE_ACCOUNT
    }

    /** Whether a pod bound to {@code node} references the object ({@code namespace} "" for volumes). */
    boolean related(String node, Kind kind, String namespace, String name);
}
