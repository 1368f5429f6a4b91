package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rollout sequence numbers kept in the deployment.kubernetes.io/revision annotation. */
final class Revisions {

    private static final Logger log = LoggerFactory.getLogger(Revisions.class);

    private Revisions() {}

    /** The object's revision; 0 when it has none or an unreadable one (deploymentutil.Revision). */
    static long of(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(DeploymentAnnotations.REVISION);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            log.warn(
                    "{} {}/{} has an unreadable revision annotation {}={}: counting it as 0",
                    object.getKind(),
                    object.getMetadata().getNamespace(),
                    object.getMetadata().getName(),
                    DeploymentAnnotations.REVISION,
                    value);
            return 0;
        }
    }

    /** The highest revision among {@code objects}, 0 for none (MaxRevision). */
    static long max(List<? extends HasMetadata> objects) {
        long max = 0;
        for (HasMetadata object : objects) {
            if (object != null) {
                max = Math.max(max, of(object));
            }
        }
        return max;
    }
}
