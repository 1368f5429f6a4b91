package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import io.skiff.kubelet.cri.ContainerConfig.Mount;
import io.skiff.kubelet.envvars.ContainerExpansion;
import io.skiff.kubelet.envvars.CreateContainerConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's mounts from its volumeMounts, as the kubelet's makeMounts builds them: subPath (or
 * subPathExpr expanded against the container's environment) made below the volume, readOnly when
 * the mount or the volume says so, mountPropagation translated; then the pod's /etc/hosts unless
 * the container mounts something there itself.
 */
public final class ContainerMounts {

    static final String ETC_HOSTS = "/etc/hosts";

    private ContainerMounts() {}

    /**
     * @param environment the container's resolved environment, for subPathExpr
     * @param hostsFile the pod's /etc/hosts mount, when it gets one
     * @throws CreateContainerConfigException with Kubernetes' message when a mount cannot be made
     */
    public static List<Mount> forContainer(
            Pod pod, Container container, PodVolumes volumes, List<EnvVar> environment, Optional<Mount> hostsFile) {
        List<Mount> mounts = new ArrayList<>();
        boolean mountHostsFile = hostsFile.isPresent();
        for (VolumeMount volumeMount :
                container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            mountHostsFile = mountHostsFile && !ETC_HOSTS.equals(volumeMount.getMountPath());
            MountedVolume volume = volumes.volumes().get(volumeMount.getName());
            if (volume == null) {
                throw new CreateContainerConfigException("cannot find volume \"" + volumeMount.getName()
                        + "\" to mount into container \"" + container.getName() + "\"");
            }
            Path hostPath = volume.hostPath();
            String subPath = subPath(volumeMount, environment);
            if (!subPath.isEmpty()) {
                hostPath = prepareSubPath(volume.hostPath(), subPath, volumeMount.getName(), container.getName());
            }
            String containerPath = volumeMount.getMountPath();
            if (!containerPath.startsWith("/")) {
                containerPath = Path.of("/" + containerPath).normalize().toString();
            }
            boolean readOnly = Boolean.TRUE.equals(volumeMount.getReadOnly()) || volume.readOnly();
            mounts.add(new Mount(
                    containerPath, hostPath.toString(), readOnly, propagation(volumeMount.getMountPropagation())));
        }
        if (mountHostsFile) {
            mounts.add(hostsFile.get());
        }
        return mounts;
    }

    private static String subPath(VolumeMount volumeMount, List<EnvVar> environment) {
        String subPath = volumeMount.getSubPath() == null ? "" : volumeMount.getSubPath();
        String expression = volumeMount.getSubPathExpr();
        if (expression != null && !expression.isEmpty()) {
            try {
                subPath = ContainerExpansion.subPathExpr(expression, environment);
            } catch (IllegalArgumentException e) {
                throw new CreateContainerConfigException(e.getMessage());
            }
        }
        if (subPath.isEmpty()) {
            return subPath;
        }
        if (subPath.startsWith("/")) {
            throw new CreateContainerConfigException("error SubPath `" + subPath + "` must not be an absolute path");
        }
        for (String item : subPath.split("/")) {
            if (item.equals("..")) {
                throw new CreateContainerConfigException(
                        "unable to provision SubPath `" + subPath + "`: must not contain '..'");
            }
        }
        return subPath;
    }

    /**
     * The subPath below the volume, made as a directory with the volume's permissions when
     * missing, resolved to where it really is; a subPath whose links lead out of the volume is
     * refused, as Kubernetes' safe subpath preparation does.
     */
    private static Path prepareSubPath(Path volumePath, String subPath, String volumeName, String containerName) {
        Path target = volumePath.resolve(subPath);
        try {
            if (!Files.exists(target)) {
                int mode = (Integer) Files.getAttribute(volumePath, "unix:mode") & 07777;
                Path created = Files.createDirectories(target);
                for (Path dir = created;
                        dir != null && !dir.equals(volumePath) && dir.startsWith(volumePath);
                        dir = dir.getParent()) {
                    Files.setAttribute(dir, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (IOException e) {
            throw new CreateContainerConfigException("failed to create subPath directory for volumeMount \""
                    + volumeName + "\" of container \"" + containerName + "\"");
        }
        try {
            Path real = target.toRealPath();
            if (!real.startsWith(volumePath.toRealPath())) {
                throw new IOException(subPath + " leads out of the volume");
            }
            return real;
        } catch (IOException e) {
            throw new CreateContainerConfigException("failed to prepare subPath for volumeMount \"" + volumeName
                    + "\" of container \"" + containerName + "\"");
        }
    }

    /** Kubernetes' mount propagation: none given or None is private. */
    static String propagation(String mode) {
        if (mode == null || mode.equals("None")) {
            return "None";
        }
        if (mode.equals("HostToContainer") || mode.equals("Bidirectional")) {
            return mode;
        }
        throw new CreateContainerConfigException("invalid MountPropagation mode: \"" + mode + "\"");
    }
}
