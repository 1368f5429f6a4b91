package io.skiff.kubelet.volumes;

import java.util.List;

/** Kubernetes' error aggregation (utilerrors.NewAggregate): one message alone, several in brackets. */
final class Errors {

    private Errors() {}

    static String aggregate(List<String> messages) {
        if (messages.size() == 1) {
            return messages.get(0);
        }
        return "[" + String.join(", ", messages) + "]";
    }
}
