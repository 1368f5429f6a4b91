package io.skiff.proxy.conntrack;

import io.skiff.proxy.nodenet.NodeNetwork;
import io.skiff.proxy.servicemap.ProxySnapshot;
import io.skiff.proxy.servicemap.ServicePortInfo;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes stale UDP conntrack entries in the node's network after a sync, as kube-proxy does when
 * the endpoints of a Service with a UDP port changed: it lists the UDP flows ({@code conntrack -L})
 * and deletes those {@link StaleUdpFlows} finds ({@code conntrack -D}). It uses the conntrack
 * command (Debian's conntrack package); where that is missing it says so once and does nothing.
 */
public final class ConntrackCleaner {

    private static final Logger log = LoggerFactory.getLogger(ConntrackCleaner.class);

    private final NodeNetwork network;
    private Boolean available;

    public ConntrackCleaner(NodeNetwork network) {
        this.network = network;
    }

    /** Cleans up after the sync that applied {@code snapshot}, if a UDP Service changed in it. */
    public void afterSync(ProxySnapshot snapshot) {
        if (!cleanupRequired(snapshot) || !available()) {
            return;
        }
        NodeNetwork.Result listed = network.tryRun(null, "conntrack", "-L", "-p", "udp", "-f", "ipv4");
        if (listed.exitCode() != 0) {
            log.error("cannot list conntrack entries: {}", listed.output().strip());
            return;
        }
        List<StaleUdpFlows.Deletion> deletions = StaleUdpFlows.find(snapshot, ConntrackEntry.parse(listed.output()));
        for (StaleUdpFlows.Deletion deletion : deletions) {
            List<String> command = new ArrayList<>(List.of("conntrack"));
            command.addAll(deletion.arguments());
            NodeNetwork.Result deleted = network.tryRun(null, command.toArray(String[]::new));
            // conntrack exits 1 when nothing matched (the flow ended meanwhile): not an error.
            if (deleted.exitCode() != 0 && !deleted.output().contains("0 flow entries")) {
                log.error(
                        "{} failed: {}",
                        String.join(" ", command),
                        deleted.output().strip());
            }
        }
        if (!deletions.isEmpty()) {
            log.debug("deleted stale UDP conntrack entries: {}", deletions);
        }
    }

    /**
     * kube-proxy's ConntrackCleanupRequired: a Service with a UDP port changed (its endpoints, or
     * itself). Deleted Services have no port left to match, as in kube-proxy.
     */
    static boolean cleanupRequired(ProxySnapshot snapshot) {
        for (ServicePortInfo service : snapshot.services().values()) {
            if (service.protocol().equals("UDP") && snapshot.changed(service.name())) {
                return true;
            }
        }
        return false;
    }

    private boolean available() {
        if (available == null) {
            NodeNetwork.Result version;
            try {
                version = network.tryRun(null, "conntrack", "--version");
            } catch (NodeNetwork.CommandFailedException e) {
                version = new NodeNetwork.Result(127, e.getMessage());
            }
            available = version.exitCode() == 0;
            if (!available) {
                log.warn(
                        "the conntrack command is not available ({}): stale UDP conntrack entries will not be"
                                + " deleted, and a UDP client may keep reaching a removed endpoint until its entry"
                                + " expires (install Debian's conntrack package)",
                        version.output().strip());
            }
        }
        return available;
    }
}
