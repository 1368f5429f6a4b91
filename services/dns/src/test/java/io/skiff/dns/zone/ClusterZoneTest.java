package io.skiff.dns.zone;

import static io.skiff.dns.testing.ClusterObjects.clusterIp;
import static io.skiff.dns.testing.ClusterObjects.endpoint;
import static io.skiff.dns.testing.ClusterObjects.endpointPort;
import static io.skiff.dns.testing.ClusterObjects.externalName;
import static io.skiff.dns.testing.ClusterObjects.headless;
import static io.skiff.dns.testing.ClusterObjects.port;
import static io.skiff.dns.testing.ClusterObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.dns.cache.ClusterCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

class ClusterZoneTest {

    private final CacheIndexer<Service> services = new CacheIndexer<>();
    private final CacheIndexer<EndpointSlice> slices = new CacheIndexer<>();
    private ClusterZone zone;

    @BeforeEach
    void setUp() {
        ClusterCache cache =
                new ClusterCache(services, slices, Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC));
        zone = new ClusterZone(
                ZoneSettings.of("cluster.local", Duration.ofSeconds(30), IpAddresses.parse("10.96.0.10")), cache);

        services.put(clusterIp("default", "web", "10.96.0.20", port("http", "TCP", 80, 8080), port("", "TCP", 81, 81)));
        slices.put(slice(
                "default",
                "web",
                "web-abc",
                List.of(endpointPort("http", "TCP", 8080)),
                endpoint("10.244.0.5", null, true),
                endpoint("10.244.0.6", null, false)));

        services.put(headless("default", "nginx", port("web", "TCP", 80, 80)));
        slices.put(slice(
                "default",
                "nginx",
                "nginx-abc",
                List.of(endpointPort("web", "TCP", 8080)),
                endpoint("10.244.1.10", "web-0", true),
                endpoint("10.244.1.11", "web-1", true),
                endpoint("10.244.1.12", null, true),
                endpoint("10.244.1.13", "web-3", false)));

        services.put(headless("default", "empty", port("web", "TCP", 80, 80)));
        services.put(externalName("default", "search", "search.example.com"));
    }

    @Test
    void aClusterIpServiceResolvesToItsClusterIp() {
        Resolution answer = resolve("web.default.svc.cluster.local.", Type.A);
        assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(rdata(answer.answer())).containsExactly("10.96.0.20");
        assertThat(answer.answer().get(0).getTTL()).isEqualTo(30);
    }

    @Test
    void namesAreCaseInsensitiveAndAnswersEchoTheQuestionsSpelling() {
        Resolution answer = resolve("WEB.Default.SVC.cluster.LOCAL.", Type.A);
        assertThat(rdata(answer.answer())).containsExactly("10.96.0.20");
        assertThat(answer.answer().get(0).getName().toString()).isEqualTo("WEB.Default.SVC.cluster.LOCAL.");
    }

    @Test
    void aaaaOfAnIpv4OnlyServiceIsNoDataWithTheSoa() {
        Resolution answer = resolve("web.default.svc.cluster.local.", Type.AAAA);
        assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.answer()).isEmpty();
        assertThat(answer.authority()).singleElement().isInstanceOf(SOARecord.class);
        SOARecord soa = (SOARecord) answer.authority().get(0);
        assertThat(soa.getName().toString()).isEqualTo("cluster.local.");
        assertThat(soa.getHost().toString()).isEqualTo("ns.dns.cluster.local.");
        assertThat(soa.getAdmin().toString()).isEqualTo("hostmaster.cluster.local.");
        assertThat(soa.getMinimum()).isEqualTo(30);
        assertThat(soa.getSerial()).isEqualTo(1_700_000_000L);
    }

    @Test
    void anUnknownServiceIsNxDomainAndAKnownNamespaceIsNoData() {
        assertThat(resolve("missing.default.svc.cluster.local.", Type.A).rcode())
                .isEqualTo(Rcode.NXDOMAIN);
        assertThat(resolve("web.nowhere.svc.cluster.local.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(resolve("nowhere.svc.cluster.local.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
        Resolution namespace = resolve("default.svc.cluster.local.", Type.A);
        assertThat(namespace.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(namespace.answer()).isEmpty();
        assertThat(resolve("svc.cluster.local.", Type.A).rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(resolve("other.cluster.local.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(resolve("a.b.web.default.svc.cluster.local.", Type.A).rcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void aHeadlessServiceResolvesToItsReadyEndpoints() {
        Resolution answer = resolve("nginx.default.svc.cluster.local.", Type.A);
        assertThat(rdata(answer.answer())).containsExactlyInAnyOrder("10.244.1.10", "10.244.1.11", "10.244.1.12");
    }

    @Test
    void publishNotReadyAddressesPublishesEveryEndpoint() {
        services.put(new ServiceBuilder(services.getByKey("default/nginx").orElseThrow())
                .editSpec()
                .withPublishNotReadyAddresses(true)
                .endSpec()
                .build());
        assertThat(rdata(resolve("nginx.default.svc.cluster.local.", Type.A).answer()))
                .containsExactlyInAnyOrder("10.244.1.10", "10.244.1.11", "10.244.1.12", "10.244.1.13");
    }

    @Test
    void aHeadlessServiceWithoutReadyEndpointsIsNoDataNotNxDomain() {
        Resolution answer = resolve("empty.default.svc.cluster.local.", Type.A);
        assertThat(answer.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.answer()).isEmpty();
    }

    @Test
    void endpointHostnamesAndDashedAddressesNameSingleEndpoints() {
        assertThat(rdata(resolve("web-0.nginx.default.svc.cluster.local.", Type.A)
                        .answer()))
                .containsExactly("10.244.1.10");
        assertThat(rdata(resolve("10-244-1-12.nginx.default.svc.cluster.local.", Type.A)
                        .answer()))
                .containsExactly("10.244.1.12");
        assertThat(resolve("web-3.nginx.default.svc.cluster.local.", Type.A).rcode())
                .as("not ready")
                .isEqualTo(Rcode.NXDOMAIN);
        assertThat(resolve("web-9.nginx.default.svc.cluster.local.", Type.A).rcode())
                .isEqualTo(Rcode.NXDOMAIN);
        Resolution noData = resolve("web-0.nginx.default.svc.cluster.local.", Type.AAAA);
        assertThat(noData.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(noData.answer()).isEmpty();
    }

    @Test
    void srvOfANamedPortOfAClusterIpServiceTargetsTheService() {
        Resolution answer = resolve("_http._tcp.web.default.svc.cluster.local.", Type.SRV);
        assertThat(rdata(answer.answer())).containsExactly("0 100 80 web.default.svc.cluster.local.");
        assertThat(rdata(answer.additional())).containsExactly("10.96.0.20");
        assertThat(resolve("_http._udp.web.default.svc.cluster.local.", Type.SRV)
                        .rcode())
                .isEqualTo(Rcode.NXDOMAIN);
        assertThat(resolve("_nope._tcp.web.default.svc.cluster.local.", Type.SRV)
                        .rcode())
                .isEqualTo(Rcode.NXDOMAIN);
        Resolution aOfPort = resolve("_http._tcp.web.default.svc.cluster.local.", Type.A);
        assertThat(aOfPort.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(aOfPort.answer()).isEmpty();
        assertThat(resolve("_tcp.web.default.svc.cluster.local.", Type.SRV).rcode())
                .isEqualTo(Rcode.NOERROR);
    }

    @Test
    void srvOfANamedPortOfAHeadlessServiceTargetsEachReadyEndpointAtItsPort() {
        Resolution answer = resolve("_web._tcp.nginx.default.svc.cluster.local.", Type.SRV);
        assertThat(rdata(answer.answer()))
                .containsExactlyInAnyOrder(
                        "0 33 8080 web-0.nginx.default.svc.cluster.local.",
                        "0 33 8080 web-1.nginx.default.svc.cluster.local.",
                        "0 33 8080 10-244-1-12.nginx.default.svc.cluster.local.");
        assertThat(rdata(answer.additional())).containsExactlyInAnyOrder("10.244.1.10", "10.244.1.11", "10.244.1.12");
    }

    @Test
    void srvOfTheServiceNameListsEveryPort() {
        assertThat(rdata(resolve("web.default.svc.cluster.local.", Type.SRV).answer()))
                .containsExactly("0 50 80 web.default.svc.cluster.local.", "0 50 81 web.default.svc.cluster.local.");
    }

    @Test
    void anExternalNameServiceIsACname() {
        Resolution answer = resolve("search.default.svc.cluster.local.", Type.A);
        assertThat(answer.answer()).singleElement().satisfies(record -> {
            assertThat(record.getType()).isEqualTo(Type.CNAME);
            assertThat(record.rdataToString()).isEqualTo("search.example.com.");
        });
    }

    @Test
    void podNamesResolveToTheAddressTheySpell() {
        assertThat(rdata(
                        resolve("10-244-1-5.default.pod.cluster.local.", Type.A).answer()))
                .containsExactly("10.244.1.5");
        assertThat(rdata(resolve("10-244-1-5.anywhere.pod.cluster.local.", Type.A)
                        .answer()))
                .as("pods insecure: the namespace is not checked")
                .containsExactly("10.244.1.5");
        assertThat(resolve("10-244-1-999.default.pod.cluster.local.", Type.A).rcode())
                .isEqualTo(Rcode.NXDOMAIN);
        assertThat(resolve("nginx.default.pod.cluster.local.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(resolve("10-244-1-5.default.pod.cluster.local.", Type.AAAA).answer())
                .isEmpty();
        assertThat(rdata(
                        resolve("fd00--5.default.pod.cluster.local.", Type.AAAA).answer()))
                .containsExactly("fd00:0:0:0:0:0:0:5");
    }

    @Test
    void reverseNamesOfClusterIpsAndEndpointsArePtrs() {
        assertThat(rdata(zone.resolve(name("20.0.96.10.in-addr.arpa."), Type.PTR)
                        .orElseThrow()
                        .answer()))
                .containsExactly("web.default.svc.cluster.local.");
        assertThat(rdata(zone.resolve(name("10.1.244.10.in-addr.arpa."), Type.PTR)
                        .orElseThrow()
                        .answer()))
                .containsExactly("web-0.nginx.default.svc.cluster.local.");
        assertThat(rdata(zone.resolve(name("12.1.244.10.in-addr.arpa."), Type.PTR)
                        .orElseThrow()
                        .answer()))
                .containsExactly("10-244-1-12.nginx.default.svc.cluster.local.");
        assertThat(zone.resolve(name("13.1.244.10.in-addr.arpa."), Type.PTR))
                .as("not ready: unknown here, so it goes upstream")
                .isEmpty();
        assertThat(zone.resolve(name("1.1.168.192.in-addr.arpa."), Type.PTR)).isEmpty();
        assertThat(zone.resolve(name("96.10.in-addr.arpa."), Type.PTR)).isEmpty();
    }

    @Test
    void theApexHasSoaAndNsAndTheNameServerResolvesToTheKubeDnsClusterIp() {
        assertThat(resolve("cluster.local.", Type.SOA).answer()).singleElement().isInstanceOf(SOARecord.class);
        Resolution ns = resolve("cluster.local.", Type.NS);
        assertThat(rdata(ns.answer())).containsExactly("ns.dns.cluster.local.");
        assertThat(rdata(ns.additional())).containsExactly("10.96.0.10");
        assertThat(rdata(resolve("ns.dns.cluster.local.", Type.A).answer())).containsExactly("10.96.0.10");
        assertThat(rdata(resolve("dns-version.cluster.local.", Type.TXT).answer()))
                .containsExactly("\"1.1.0\"");
        Resolution apexA = resolve("cluster.local.", Type.A);
        assertThat(apexA.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(apexA.answer()).isEmpty();
    }

    @Test
    void namesOutsideTheZoneAreNotAnswered() {
        assertThat(zone.resolve(name("example.com."), Type.A)).isEmpty();
        assertThat(zone.resolve(name("cluster.local.example.com."), Type.A)).isEmpty();
    }

    private Resolution resolve(String name, int type) {
        Optional<Resolution> resolution = zone.resolve(name(name), type);
        assertThat(resolution).as(name).isPresent();
        return resolution.get();
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }

    private static List<String> rdata(List<Record> records) {
        return records.stream().map(Record::rdataToString).toList();
    }
}
