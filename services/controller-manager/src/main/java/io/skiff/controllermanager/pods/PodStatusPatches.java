package io.skiff.controllermanager.pods;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.skiff.component.client.Patch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strategic merge patches of pods/status that controllers send before deleting or while evicting a
 * pod. Conditions merge by type, so a patch carries only the condition it sets.
 */
public final class PodStatusPatches {

    /** The condition type controllers add before deleting a pod for a disruption (policy/v1's DisruptionTarget). */
    public static final String DISRUPTION_TARGET = "DisruptionTarget";

    private PodStatusPatches() {}

    /** Phase Failed, plus {@code condition} when not null (podgc's markFailedAndDeletePodWithCondition). */
    public static Patch failedWith(PodCondition condition) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", "Failed");
        if (condition != null) {
            status.put("conditions", List.of(asMap(condition)));
        }
        return Patch.strategicMerge(Map.of("status", status));
    }

    /** Only {@code condition}, the phase left alone. */
    public static Patch condition(PodCondition condition) {
        return Patch.strategicMerge(Map.of("status", Map.of("conditions", List.of(asMap(condition)))));
    }

    private static Map<String, Object> asMap(PodCondition condition) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", condition.getType());
        map.put("status", condition.getStatus());
        if (condition.getReason() != null) {
            map.put("reason", condition.getReason());
        }
        if (condition.getMessage() != null) {
            map.put("message", condition.getMessage());
        }
        if (condition.getLastTransitionTime() != null) {
            map.put("lastTransitionTime", condition.getLastTransitionTime());
        }
        return map;
    }
}
