package io.skiff.apiserver.kubernetesservice;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Where clients inside the cluster reach this API server: the address and port it publishes in the
 * {@code kubernetes} Service's endpoints.
 */
public record ApiServerEndpoint(String address, int port) {

    /**
     * The configured address, else the bind address, else (binding to all addresses or to loopback,
     * which endpoints may not carry) the address of the interface holding the default route, as
     * kube-apiserver chooses its host interface.
     */
    public static Optional<ApiServerEndpoint> choose(String advertiseAddress, String bindAddress, int port) {
        if (advertiseAddress != null && !advertiseAddress.isBlank()) {
            return Optional.of(new ApiServerEndpoint(advertiseAddress.strip(), port));
        }
        if (bindAddress != null && !bindAddress.isBlank() && isUsable(bindAddress.strip())) {
            return Optional.of(new ApiServerEndpoint(bindAddress.strip(), port));
        }
        return hostAddress().map(address -> new ApiServerEndpoint(address, port));
    }

    private static boolean isUsable(String address) {
        try {
            InetAddress parsed = InetAddress.getByName(address);
            return parsed instanceof Inet4Address
                    && !parsed.isAnyLocalAddress()
                    && !parsed.isLoopbackAddress()
                    && !parsed.isLinkLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The first IPv4 address of the default route's interface, else of any interface that is up. */
    static Optional<String> hostAddress() {
        try {
            Optional<String> routed = defaultRouteInterface().flatMap(ApiServerEndpoint::ipv4Of);
            if (routed.isPresent()) {
                return routed;
            }
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    Optional<String> address = ipv4Of(nic.getName());
                    if (address.isPresent()) {
                        return address;
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> defaultRouteInterface() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/route"));
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 2 && fields[1].equals("00000000")) {
                    return Optional.of(fields[0]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> ipv4Of(String interfaceName) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(interfaceName);
            if (nic == null) {
                return Optional.empty();
            }
            return Collections.list(nic.getInetAddresses()).stream()
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .map(InetAddress::getHostAddress)
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
