package io.skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.ObjectReference;

/** How the kubelet's events point at its node: as its nodeRef does, kind Node with the node's name as UID. */
public final class NodeReferences {

    private NodeReferences() {}

    public static ObjectReference of(String nodeName) {
        ObjectReference reference = new ObjectReference();
        reference.setKind("Node");
        reference.setName(nodeName);
        reference.setUid(nodeName);
        return reference;
    }
}
