package io.skiff.dns.server;

import static io.skiff.dns.testing.ClusterObjects.clusterIp;
import static io.skiff.dns.testing.ClusterObjects.endpoint;
import static io.skiff.dns.testing.ClusterObjects.endpointPort;
import static io.skiff.dns.testing.ClusterObjects.headless;
import static io.skiff.dns.testing.ClusterObjects.port;
import static io.skiff.dns.testing.ClusterObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.dns.cache.ClusterCache;
import io.skiff.dns.zone.ClusterZone;
import io.skiff.dns.zone.IpAddresses;
import io.skiff.dns.zone.ZoneSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class QueryHandlerTest {

    private static final int MANY = 100;

    private QueryHandler handler;

    @BeforeEach
    void setUp() {
        CacheIndexer<Service> services = new CacheIndexer<>();
        CacheIndexer<EndpointSlice> slices = new CacheIndexer<>();
        services.put(clusterIp("default", "web", "10.96.0.20", port("http", "TCP", 80, 8080)));
        services.put(headless("default", "many", port("web", "TCP", 80, 80)));
        Endpoint[] endpoints = new Endpoint[MANY];
        for (int i = 0; i < MANY; i++) {
            endpoints[i] = endpoint("10.244.2." + (i + 1), null, true);
        }
        slices.put(slice("default", "many", "many-abc", List.of(endpointPort("web", "TCP", 80)), endpoints));
        ClusterZone zone = new ClusterZone(
                ZoneSettings.of("cluster.local", Duration.ofSeconds(30), IpAddresses.parse("10.96.0.10")),
                new ClusterCache(services, slices, Clock.systemUTC()));
        handler = new QueryHandler(zone, Optional.empty());
    }

    @Test
    void anAnswerIsAuthoritativeAndCarriesTheQueryIdAndQuestion() throws IOException {
        Message query = query("web.default.svc.cluster.local.", Type.A);
        Message response = answer(query, Transport.UDP);
        assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(response.getHeader().getFlag(Flags.RA))
                .as("no upstream: no recursion")
                .isFalse();
        assertThat(response.getQuestion().getName().toString()).isEqualTo("web.default.svc.cluster.local.");
        assertThat(response.getSection(Section.ANSWER))
                .extracting(Record::rdataToString)
                .containsExactly("10.96.0.20");
    }

    @Test
    void namesOutsideTheZoneAreRefusedWithoutUpstreams() throws IOException {
        Message response = answer(query("example.com.", Type.A), Transport.UDP);
        assertThat(response.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(response.getHeader().getFlag(Flags.AA)).isFalse();
    }

    @Test
    void aLargeAnswerIsTruncatedOverUdpAndWholeOverTcp() throws IOException {
        Message query = query("many.default.svc.cluster.local.", Type.A);
        Message udp = answer(query, Transport.UDP);
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.getSection(Section.ANSWER)).isEmpty();

        Message tcp = answer(query, Transport.TCP);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(MANY);
    }

    @Test
    void anEdnsClientGetsItsAdvertisedSizeAndAnOptRecordBack() throws IOException {
        Message query = query("many.default.svc.cluster.local.", Type.A);
        query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message response = answer(query, Transport.UDP);
        assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(response.getSection(Section.ANSWER)).hasSize(MANY);
        assertThat(response.getOPT()).isNotNull();
        assertThat(response.getOPT().getPayloadSize()).isEqualTo(QueryHandler.EDNS_PAYLOAD_SIZE);

        Message small = query("many.default.svc.cluster.local.", Type.A);
        small.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        assertThat(answer(small, Transport.UDP).getHeader().getFlag(Flags.TC)).isTrue();
    }

    @Test
    void otherOpcodesAreNotImplementedAndGarbageIsAFormatError() throws IOException {
        Message notify = query("cluster.local.", Type.SOA);
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        assertThat(answer(notify, Transport.UDP).getRcode()).isEqualTo(Rcode.NOTIMP);

        byte[] garbage = new byte[] {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'b', 'r'};
        QueryHandler.Reply reply = handler.handle(garbage, Transport.UDP).orElseThrow();
        Message response = new Message(reply.wire());
        assertThat(response.getHeader().getID()).isEqualTo(0x1234);
        assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);

        assertThat(handler.handle(new byte[] {1, 2, 3}, Transport.UDP)).isEmpty();
    }

    @Test
    void aResponseIsNeverAnswered() throws IOException {
        Message query = query("web.default.svc.cluster.local.", Type.A);
        query.getHeader().setFlag(Flags.QR);
        assertThat(handler.handle(query.toWire(), Transport.UDP)).isEmpty();
    }

    private Message answer(Message query, Transport transport) throws IOException {
        QueryHandler.Reply reply = handler.handle(query.toWire(), transport).orElseThrow();
        return new Message(reply.wire());
    }

    private static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
    }
}
