package io.skiff.apiserver.allocation;

/**
 * The node port range ({@code 30000-32767}), as Kubernetes' port allocator sees it: every port of it
 * can be handed out, and the static band is {@code min(max(16, size/32), 128)} ports.
 */
public record NodePortRange(int base, int size) {

    public NodePortRange {
        if (base < 1 || size < 1 || base + size - 1 > 65535) {
            throw new IllegalArgumentException("a node port range lies within 1-65535, got " + base + "+" + size);
        }
    }

    /** {@code first-last}, or a single port, as kube-apiserver's --service-node-port-range takes it. */
    public static NodePortRange parse(String range) {
        String text = range == null ? "" : range.strip();
        int dash = text.indexOf('-');
        try {
            int first =
                    Integer.parseInt(dash < 0 ? text : text.substring(0, dash).strip());
            int last =
                    dash < 0 ? first : Integer.parseInt(text.substring(dash + 1).strip());
            if (last < first) {
                throw new IllegalArgumentException(
                        "invalid node port range " + range + ": the last port is below the first");
            }
            return new NodePortRange(first, last - first + 1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "invalid node port range " + range + " (want first-last, e.g. 30000-32767)");
        }
    }

    int staticBand() {
        if (size <= 16) {
            return 0;
        }
        return Math.min(Math.max(16, size / 32), 128);
    }

    public boolean contains(long port) {
        return port >= base && port < (long) base + size;
    }

    @Override
    public String toString() {
        return base + "-" + (base + size - 1);
    }
}
