package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Node;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One simulated node: its name and index, what the API server last said of its Node (UID,
 * podCIDR, conditions) and the addresses of its pods. Small on purpose: thousands live in one JVM.
 */
final class HollowNode {

    private final String name;
    private final int index;
    private volatile Node latest;
    private volatile boolean registered;
    private PodAddresses addresses;
    private String addressesCidr;

    HollowNode(String name, int index) {
        this.name = name;
        this.index = index;
    }

    String name() {
        return name;
    }

    int index() {
        return index;
    }

    /** The Node as last read or written; null before registration. */
    Node latest() {
        return latest;
    }

    boolean registered() {
        return registered;
    }

    /** The API server holds this Node (registered, or seen through the node informer). */
    void observed(Node node) {
        latest = node;
        registered = true;
    }

    /** The Node is gone from the API server: it is registered again on its next status report. */
    void deleted() {
        registered = false;
        latest = null;
    }

    Optional<String> uid() {
        Node node = latest;
        return node == null
                ? Optional.empty()
                : Optional.ofNullable(node.getMetadata().getUid());
    }

    /**
     * The pool of pod addresses for the node's current podCIDR (a synthetic one while it has none).
     *
     * @param seed called with a pool when it is made, to reserve the addresses pods already hold
     */
    synchronized PodAddresses addresses(Consumer<PodAddresses> seed) {
        Node node = latest;
        String cidr =
                node == null || node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        if (addresses == null || (cidr != null && !Objects.equals(cidr, addressesCidr))) {
            addresses = PodAddresses.of(cidr, index);
            addressesCidr = cidr;
            seed.accept(addresses);
        }
        return addresses;
    }
}
