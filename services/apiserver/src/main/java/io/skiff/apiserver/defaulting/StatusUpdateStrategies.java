package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.util.Objects;

/**
 * What Kubernetes' status strategies do to a status write (PrepareForUpdate of the status
 * subresource) beyond keeping the spec: so far, a PersistentVolume's phase transition time.
 */
public final class StatusUpdateStrategies {

    private final Clock clock;

    public StatusUpdateStrategies(Clock clock) {
        this.clock = clock;
    }

    /** Prepares {@code updated}, the new object of a status write, against {@code old}, in place. */
    public void prepareForStatusUpdate(ResourceType type, ObjectNode updated, ObjectNode old) {
        if (type.group().isEmpty() && "PersistentVolume".equals(type.kind())) {
            persistentVolume(updated, old);
        }
    }

    /**
     * A phase change stamps status.lastPhaseTransitionTime, unless the writer set a new one
     * itself (persistentVolumeStatusStrategy).
     */
    private void persistentVolume(ObjectNode updated, ObjectNode old) {
        JsonNode status = updated.get("status");
        if (!(status instanceof ObjectNode newStatus)) {
            return;
        }
        JsonNode oldStatus = old.path("status");
        String phase = newStatus.path("phase").asText("");
        if (phase.equals(oldStatus.path("phase").asText(""))) {
            return;
        }
        JsonNode transition = newStatus.get("lastPhaseTransitionTime");
        if (transition == null
                || transition.isNull()
                || Objects.equals(transition, oldStatus.get("lastPhaseTransitionTime"))) {
            newStatus.put("lastPhaseTransitionTime", KubeTimes.time(clock.instant()));
        }
    }
}
