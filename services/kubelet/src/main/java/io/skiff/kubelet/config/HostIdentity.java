package io.skiff.kubelet.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;

/** The host's name and address, as the kubelet finds them when they are not configured. */
public final class HostIdentity {

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private HostIdentity() {}

    /** os.Hostname(), lower-cased, as the kubelet names its Node. */
    public static String hostname() {
        try {
            String name = Files.readString(KERNEL_HOSTNAME).trim();
            if (!name.isEmpty()) {
                return name.toLowerCase(Locale.ROOT);
            }
        } catch (IOException | SecurityException e) {
            // not Linux, or /proc hidden: ask the resolver instead
        }
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * The address the host name resolves to if it is not a loopback one (the kubelet's first
     * choice), else the first site-local IPv4 address of an interface that is up, else 127.0.0.1.
     */
    public static String address() {
        try {
            InetAddress resolved = InetAddress.getByName(hostname());
            if (!resolved.isLoopbackAddress() && resolved instanceof Inet4Address) {
                return resolved.getHostAddress();
            }
        } catch (UnknownHostException e) {
            // fall through to the interfaces
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to look at
        }
        return "127.0.0.1";
    }
}
