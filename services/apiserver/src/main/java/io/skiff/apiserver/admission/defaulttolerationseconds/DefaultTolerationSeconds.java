package io.skiff.apiserver.admission.defaulttolerationseconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.MutatingAdmission;
import io.skiff.apiserver.admission.Operation;

/**
 * Kubernetes' DefaultTolerationSeconds plugin: a new pod that does not tolerate the not-ready and
 * unreachable NoExecute taints gets tolerations of them for 300 seconds, so that the taint manager
 * evicts its pods five minutes after their node fails rather than at once.
 */
public final class DefaultTolerationSeconds implements MutatingAdmission {

    public static final String NAME = "DefaultTolerationSeconds";

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    /** kube-apiserver's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
    static final long DEFAULT_SECONDS = 300;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE;
    }

    @Override
    public void admit(Attributes a) {
        if (!a.isFor("", "pods") || !(a.object().get("spec") instanceof ObjectNode spec)) {
            return;
        }
        JsonNode present = spec.get("tolerations");
        if (present != null && !present.isNull() && !present.isArray()) {
            return; // validation refuses it
        }
        boolean toleratesNotReady = false;
        boolean toleratesUnreachable = false;
        for (JsonNode toleration : spec.path("tolerations")) {
            String key = toleration.path("key").asText("");
            String effect = toleration.path("effect").asText("");
            boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
            toleratesNotReady |= noExecute && (key.isEmpty() || key.equals(NOT_READY));
            toleratesUnreachable |= noExecute && (key.isEmpty() || key.equals(UNREACHABLE));
        }
        if (toleratesNotReady && toleratesUnreachable) {
            return;
        }
        ArrayNode tolerations = spec.get("tolerations") instanceof ArrayNode list ? list : spec.putArray("tolerations");
        if (!toleratesNotReady) {
            add(tolerations, NOT_READY);
        }
        if (!toleratesUnreachable) {
            add(tolerations, UNREACHABLE);
        }
    }

    private static void add(ArrayNode tolerations, String key) {
        tolerations
                .addObject()
                .put("key", key)
                .put("operator", "Exists")
                .put("effect", "NoExecute")
                .put("tolerationSeconds", DEFAULT_SECONDS);
    }
}
