package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.kubelet.envvars.FieldPaths;
import io.skiff.kubelet.envvars.ResourceFields;
import io.skiff.kubelet.volumes.AtomicWriter.FileProjection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a downwardAPI volume (or projection), as the plugin's CollectData builds them: a
 * metadata field (name, namespace, uid, labels, annotations) or a container's resource, one file
 * each. Every item is tried; the errors are reported together.
 */
final class DownwardApiFiles {

    private DownwardApiFiles() {}

    static Map<String, FileProjection> collect(
            List<DownwardAPIVolumeFile> items, Pod pod, Map<String, Quantity> allocatable, Integer defaultMode)
            throws VolumeSetupException {
        if (defaultMode == null) {
            throw new VolumeSetupException("no defaultMode used, not even the default value for it");
        }
        Map<String, FileProjection> data = new HashMap<>();
        List<String> errors = new ArrayList<>();
        for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
            int mode = item.getMode() != null ? item.getMode() : defaultMode;
            String value = "";
            try {
                if (item.getFieldRef() != null) {
                    value = FieldPaths.extract(pod, item.getFieldRef().getFieldPath());
                } else if (item.getResourceFieldRef() != null) {
                    String containerName = item.getResourceFieldRef().getContainerName();
                    value = ResourceFields.valueByContainerName(
                            item.getResourceFieldRef(), pod, containerName == null ? "" : containerName, allocatable);
                }
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
            data.put(AtomicWriter.cleanPath(item.getPath()), FileProjection.of(value, mode));
        }
        if (!errors.isEmpty()) {
            throw new VolumeSetupException(Errors.aggregate(errors));
        }
        return data;
    }
}
