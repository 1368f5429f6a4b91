package io.skiff.scheduler.plugins.imagelocality;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Handle;
import io.skiff.scheduler.framework.ImageStateSummary;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.Score;
import java.util.List;

/**
 * Favours nodes that already hold the pod's images, by the images' total size scaled by how widely
 * each is spread over the cluster (an image on every node says little about a node), between
 * Kubernetes' thresholds: below 23 MB scores 0, at 1000 MB per container 100.
 */
public final class ImageLocality implements Score {

    private static final long MB = 1024L * 1024;

    /** Below this, the images' size says nothing about start-up time. */
    static final long MIN_THRESHOLD = 23 * MB;

    /** The size per container at which a node gets the full score. */
    static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;

    private final Handle handle;

    public ImageLocality(Handle handle) {
        this.handle = handle;
    }

    @Override
    public String name() {
        return Plugins.IMAGE_LOCALITY;
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        int totalNodes = handle.snapshot().numNodes();
        long sum = sumImageScores(nodeInfo, pod.getSpec().getInitContainers(), totalNodes)
                + sumImageScores(nodeInfo, pod.getSpec().getContainers(), totalNodes);
        int containers =
                size(pod.getSpec().getInitContainers()) + size(pod.getSpec().getContainers());
        return calculatePriority(sum, containers);
    }

    static long calculatePriority(long sumScores, int numContainers) {
        long maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
        long clamped = Math.max(MIN_THRESHOLD, Math.min(sumScores, maxThreshold));
        return MAX_NODE_SCORE * (clamped - MIN_THRESHOLD) / (maxThreshold - MIN_THRESHOLD);
    }

    private static long sumImageScores(NodeInfo nodeInfo, List<Container> containers, int totalNodes) {
        if (containers == null || totalNodes == 0) {
            return 0;
        }
        long sum = 0;
        for (Container container : containers) {
            ImageStateSummary state = nodeInfo.imageStates().get(normalizedImageName(container.getImage()));
            if (state != null) {
                double spread = (double) state.numNodes() / totalNodes;
                sum += (long) (state.size() * spread);
            }
        }
        return sum;
    }

    /** An image reference without a tag means ":latest", which is how nodes report such images. */
    static String normalizedImageName(String image) {
        if (image == null) {
            return "";
        }
        return image.lastIndexOf(':') <= image.lastIndexOf('/') ? image + ":latest" : image;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
