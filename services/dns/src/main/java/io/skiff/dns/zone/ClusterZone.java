package io.skiff.dns.zone;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The cluster zone, answered from the cluster's Services and EndpointSlices as the Kubernetes DNS
 * specification (schema 1.1.0) and CoreDNS's kubernetes plugin ({@code pods insecure}) do:
 *
 * <ul>
 *   <li>{@code <svc>.<ns>.svc.<zone>}: A/AAAA of the cluster IPs; of a headless Service, of its ready
 *       endpoints; of an ExternalName Service, a CNAME to the external name. SRV lists every port.
 *   <li>{@code _<port>._<proto>.<svc>.<ns>.svc.<zone>}: SRV per named port, targeting the Service
 *       (ClusterIP) or each ready endpoint's name (headless), with the A records in additional.
 *   <li>{@code <hostname>.<svc>.<ns>.svc.<zone>}: the endpoint with that hostname (or dashed address).
 *   <li>{@code <a-b-c-d>.<ns>.pod.<zone>}: the address the name spells, unchecked ({@code pods insecure}).
 *   <li>{@code <d>.<c>.<b>.<a>.in-addr.arpa} (and ip6.arpa): PTR to the Service owning the cluster IP,
 *       or to the name of each ready endpoint at the address.
 *   <li>the apex: SOA and NS ({@code ns.dns.<zone>}, whose A is the kube-dns cluster IP);
 *       {@code dns-version.<zone>} TXT "1.1.0".
 * </ul>
 *
 * A name that exists without records of the asked type answers NODATA; a name that does not exist,
 * NXDOMAIN; both with the zone's SOA in authority. Lookups are case-insensitive; answers echo the
 * question's spelling.
 */
public final class ClusterZone {

    static final String SCHEMA_VERSION = "1.1.0";
    private static final Name IN_ADDR_ARPA = Name.fromConstantString("in-addr.arpa.");
    private static final Name IP6_ARPA = Name.fromConstantString("ip6.arpa.");
    private static final long SOA_REFRESH = 7200;
    private static final long SOA_RETRY = 1800;
    private static final long SOA_EXPIRE = 86400;

    private final ZoneSettings settings;
    private final ClusterState state;
    private final Name nameServer;

    public ClusterZone(ZoneSettings settings, ClusterState state) {
        this.settings = settings;
        this.state = state;
        this.nameServer = child(settings.zone(), "dns", "ns");
    }

    public Name zone() {
        return settings.zone();
    }

    /** Whether the zone answers for {@code name}: the cluster domain and the reverse trees. */
    public boolean covers(Name name) {
        return name.subdomain(settings.zone()) || name.subdomain(IN_ADDR_ARPA) || name.subdomain(IP6_ARPA);
    }

    /**
     * The answer to {@code type} questions about {@code name}; empty when the zone does not know
     * the name and the question should go on upstream: a name outside the cluster domain, or a
     * reverse name of an address that is no cluster IP or endpoint (CoreDNS's fallthrough for
     * in-addr.arpa and ip6.arpa).
     */
    public Optional<Resolution> resolve(Name name, int type) {
        if (name.subdomain(settings.zone())) {
            return Optional.of(inZone(name, type));
        }
        if (name.subdomain(IN_ADDR_ARPA)) {
            return reverse(name, type, IN_ADDR_ARPA);
        }
        if (name.subdomain(IP6_ARPA)) {
            return reverse(name, type, IP6_ARPA);
        }
        return Optional.empty();
    }

    private Resolution inZone(Name name, int type) {
        List<String> labels = relativeLabels(name, settings.zone());
        if (labels.isEmpty()) {
            return apex(name, type);
        }
        return switch (labels.get(0)) {
            case "svc" -> services(name, type, labels);
            case "pod" -> pods(name, type, labels);
            case "dns-version" -> labels.size() == 1 ? dnsVersion(name, type) : nxDomain();
            case "dns" -> nameServerName(name, type, labels);
            default -> nxDomain();
        };
    }

    private Resolution apex(Name name, int type) {
        if (type == Type.SOA) {
            return Resolution.answer(List.of(soa(settings.zone(), name)), List.of());
        }
        if (type == Type.NS) {
            List<Record> additional = new ArrayList<>();
            settings.nameServerAddress().ifPresent(address -> additional.add(address(nameServer, address)));
            return Resolution.answer(
                    List.of(new NSRecord(name, DClass.IN, settings.ttlSeconds(), nameServer)), additional);
        }
        return noData();
    }

    private Resolution dnsVersion(Name name, int type) {
        if (type == Type.TXT) {
            return Resolution.answer(
                    List.of(new TXTRecord(name, DClass.IN, settings.ttlSeconds(), SCHEMA_VERSION)), List.of());
        }
        return noData();
    }

    /** {@code dns.<zone>} exists for {@code ns.dns.<zone>}, the name server CoreDNS names. */
    private Resolution nameServerName(Name name, int type, List<String> labels) {
        if (labels.size() == 1) {
            return noData();
        }
        if (labels.size() == 2 && labels.get(1).equals("ns")) {
            return settings.nameServerAddress()
                    .filter(address -> matchesFamily(address, type))
                    .map(address -> Resolution.answer(List.of(address(name, address)), List.of()))
                    .orElseGet(this::noData);
        }
        return nxDomain();
    }

    private Resolution services(Name name, int type, List<String> labels) {
        if (labels.size() == 1) {
            return noData();
        }
        String namespace = labels.get(1);
        if (labels.size() == 2) {
            return state.hasServices(namespace) ? noData() : nxDomain();
        }
        Optional<Service> found = state.service(namespace, labels.get(2));
        if (found.isEmpty() || labels.size() > 5) {
            return nxDomain();
        }
        Service service = found.get();
        return switch (labels.size()) {
            case 3 -> service(name, type, service);
            case 4 ->
                labels.get(3).startsWith("_")
                        ? hasNamedPort(service, labels.get(3)) ? noData() : nxDomain()
                        : endpoint(name, type, service, labels.get(3));
            default -> namedPort(name, type, service, labels.get(4), labels.get(3));
        };
    }

    private Resolution service(Name name, int type, Service service) {
        if (ServiceShape.isExternalName(service)) {
            return externalName(name, service);
        }
        if (type == Type.SRV) {
            return srv(name, service, null, null);
        }
        if (!isAddressType(type)) {
            return noData();
        }
        Set<Record> answer = new LinkedHashSet<>();
        if (ServiceShape.isHeadless(service)) {
            for (ReadyEndpoints.Address endpoint : endpoints(service)) {
                if (matchesFamily(endpoint.address(), type)) {
                    answer.add(address(name, endpoint.address()));
                }
            }
        } else {
            for (InetAddress clusterIp : ServiceShape.clusterIps(service)) {
                if (matchesFamily(clusterIp, type)) {
                    answer.add(address(name, clusterIp));
                }
            }
        }
        return answer.isEmpty() ? noData() : Resolution.answer(new ArrayList<>(answer), List.of());
    }

    /** CoreDNS answers every type asked of an ExternalName Service with the CNAME. */
    private Resolution externalName(Name name, Service service) {
        try {
            Name target = Name.fromString(service.getSpec().getExternalName(), Name.root);
            return Resolution.answer(
                    List.of(new CNAMERecord(name, DClass.IN, settings.ttlSeconds(), target)), List.of());
        } catch (TextParseException e) {
            return noData();
        }
    }

    private Resolution endpoint(Name name, int type, Service service, String hostname) {
        boolean exists = false;
        Set<Record> answer = new LinkedHashSet<>();
        for (ReadyEndpoints.Address endpoint : endpoints(service)) {
            if (endpoint.hostname().equals(hostname)) {
                exists = true;
                if (isAddressType(type) && matchesFamily(endpoint.address(), type)) {
                    answer.add(address(name, endpoint.address()));
                }
            }
        }
        if (!exists) {
            return nxDomain();
        }
        return answer.isEmpty() ? noData() : Resolution.answer(new ArrayList<>(answer), List.of());
    }

    private Resolution namedPort(Name name, int type, Service service, String portLabel, String protocolLabel) {
        if (!portLabel.startsWith("_") || !protocolLabel.startsWith("_")) {
            return nxDomain();
        }
        String port = portLabel.substring(1);
        String protocol = protocolLabel.substring(1);
        if (!hasPort(service, port, protocol)) {
            return nxDomain();
        }
        return type == Type.SRV ? srv(name, service, port, protocol) : noData();
    }

    /**
     * SRV records for the Service's ports named {@code port} over {@code protocol} (null: every
     * port): one per port targeting the Service for a cluster IP, one per ready endpoint and port
     * (its port as the endpoint serves it) for a headless Service. Priority 0, the weight shared
     * evenly, as CoreDNS does; the targets' addresses go in additional.
     */
    private Resolution srv(Name name, Service service, String port, String protocol) {
        record Target(int port, Name target, InetAddress address) {}
        List<Target> targets = new ArrayList<>();
        Name serviceName = serviceName(service);
        if (ServiceShape.isHeadless(service)) {
            for (ReadyEndpoints.Address endpoint : endpoints(service)) {
                List<EndpointPort> ports = endpoint.slice().getPorts();
                if (ports == null) {
                    continue;
                }
                for (EndpointPort endpointPort : ports) {
                    if (endpointPort.getPort() != null
                            && matchesPort(endpointPort.getName(), endpointPort.getProtocol(), port, protocol)) {
                        targets.add(new Target(
                                endpointPort.getPort(), child(serviceName, endpoint.hostname()), endpoint.address()));
                    }
                }
            }
        } else {
            List<InetAddress> clusterIps = ServiceShape.clusterIps(service);
            for (ServicePort servicePort : ServiceShape.ports(service)) {
                if (servicePort.getPort() != null
                        && matchesPort(servicePort.getName(), servicePort.getProtocol(), port, protocol)) {
                    for (InetAddress clusterIp : clusterIps) {
                        targets.add(new Target(servicePort.getPort(), serviceName, clusterIp));
                    }
                }
            }
        }
        Set<Record> answer = new LinkedHashSet<>();
        Set<Record> additional = new LinkedHashSet<>();
        Set<String> distinct = new LinkedHashSet<>();
        for (Target target : targets) {
            distinct.add(target.port() + " " + target.target());
        }
        int weight = distinct.isEmpty() ? 0 : Math.max(1, 100 / distinct.size());
        for (Target target : targets) {
            answer.add(
                    new SRVRecord(name, DClass.IN, settings.ttlSeconds(), 0, weight, target.port(), target.target()));
            additional.add(address(target.target(), target.address()));
        }
        return answer.isEmpty() ? noData() : Resolution.answer(new ArrayList<>(answer), new ArrayList<>(additional));
    }

    private Resolution pods(Name name, int type, List<String> labels) {
        if (labels.size() < 3) {
            return noData();
        }
        if (labels.size() > 3) {
            return nxDomain();
        }
        Optional<InetAddress> address = IpAddresses.undashed(labels.get(2));
        if (address.isEmpty()) {
            return nxDomain();
        }
        return isAddressType(type) && matchesFamily(address.get(), type)
                ? Resolution.answer(List.of(address(name, address.get())), List.of())
                : noData();
    }

    private Optional<Resolution> reverse(Name name, int type, Name tree) {
        Optional<InetAddress> ip = ReverseNames.address(name, tree);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        Set<Record> answer = new LinkedHashSet<>();
        for (Service service : state.servicesWithClusterIp(ip.get())) {
            answer.add(new PTRRecord(name, DClass.IN, settings.ttlSeconds(), serviceName(service)));
        }
        for (var slice : state.endpointSlicesWithAddress(ip.get())) {
            String serviceLabel = slice.getMetadata().getLabels() == null
                    ? null
                    : slice.getMetadata().getLabels().get(ServiceShape.SERVICE_NAME_LABEL);
            if (serviceLabel == null) {
                continue;
            }
            Optional<Service> service = state.service(slice.getMetadata().getNamespace(), serviceLabel);
            if (service.isEmpty()) {
                continue;
            }
            for (ReadyEndpoints.Address endpoint : ReadyEndpoints.of(service.get(), List.of(slice))) {
                if (endpoint.address().equals(ip.get())) {
                    answer.add(new PTRRecord(
                            name,
                            DClass.IN,
                            settings.ttlSeconds(),
                            child(serviceName(service.get()), endpoint.hostname())));
                }
            }
        }
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        if (type != Type.PTR) {
            return Optional.of(Resolution.noData(soa(tree, tree)));
        }
        return Optional.of(Resolution.answer(new ArrayList<>(answer), List.of()));
    }

    private List<ReadyEndpoints.Address> endpoints(Service service) {
        return ReadyEndpoints.of(
                service,
                state.endpointSlices(
                        service.getMetadata().getNamespace(),
                        service.getMetadata().getName()));
    }

    private Name serviceName(Service service) {
        return child(
                settings.zone(),
                "svc",
                service.getMetadata().getNamespace(),
                service.getMetadata().getName());
    }

    private boolean hasNamedPort(Service service, String protocolLabel) {
        String protocol = protocolLabel.substring(1);
        return ServiceShape.ports(service).stream()
                .anyMatch(port -> port.getName() != null
                        && !port.getName().isEmpty()
                        && protocol.equalsIgnoreCase(protocolOf(port.getProtocol())));
    }

    private static boolean hasPort(Service service, String name, String protocol) {
        return ServiceShape.ports(service).stream()
                .anyMatch(port -> matchesPort(port.getName(), port.getProtocol(), name, protocol));
    }

    /** Whether a port matches; a null wanted name and protocol match every port. */
    private static boolean matchesPort(String name, String protocol, String wantedName, String wantedProtocol) {
        if (wantedName == null) {
            return true;
        }
        return name != null
                && !name.isEmpty()
                && name.equalsIgnoreCase(wantedName)
                && protocolOf(protocol).equalsIgnoreCase(wantedProtocol);
    }

    private static String protocolOf(String protocol) {
        return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    private Record address(Name name, InetAddress address) {
        return address instanceof Inet4Address
                ? new ARecord(name, DClass.IN, settings.ttlSeconds(), address)
                : new AAAARecord(name, DClass.IN, settings.ttlSeconds(), address);
    }

    private static boolean isAddressType(int type) {
        return type == Type.A || type == Type.AAAA || type == Type.ANY;
    }

    private static boolean matchesFamily(InetAddress address, int type) {
        return type == Type.ANY || (address instanceof Inet4Address ? type == Type.A : type == Type.AAAA);
    }

    private Resolution noData() {
        return Resolution.noData(soa(settings.zone(), settings.zone()));
    }

    private Resolution nxDomain() {
        return Resolution.nxDomain(soa(settings.zone(), settings.zone()));
    }

    /**
     * The SOA of {@code zone} as CoreDNS writes it: {@code ns.dns.<zone>}, {@code hostmaster.<zone>},
     * the serial the time of the last change, the record TTL as minimum.
     */
    private Record soa(Name zone, Name owner) {
        long ttl = settings.ttlSeconds();
        return new SOARecord(
                owner,
                DClass.IN,
                ttl,
                child(zone, "dns", "ns"),
                child(zone, "hostmaster"),
                state.serial(),
                SOA_REFRESH,
                SOA_RETRY,
                SOA_EXPIRE,
                ttl);
    }

    /** {@code labels}, nearest the origin first (e.g. "svc", "ns", "web" for web.ns.svc), prepended to {@code origin}. */
    private static Name child(Name origin, String... labels) {
        StringBuilder relative = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            relative.append(labels[i]);
            if (i > 0) {
                relative.append('.');
            }
        }
        try {
            return Name.concatenate(Name.fromString(relative.toString()), origin);
        } catch (TextParseException | NameTooLongException e) {
            throw new IllegalArgumentException("not a valid DNS name: " + relative + "." + origin, e);
        }
    }

    /** The labels of {@code name} below {@code origin}, lower-cased, nearest the origin first. */
    static List<String> relativeLabels(Name name, Name origin) {
        int count = name.labels() - origin.labels();
        List<String> labels = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            labels.add(name.getLabelString(i).toLowerCase(Locale.ROOT));
        }
        return labels;
    }
}
