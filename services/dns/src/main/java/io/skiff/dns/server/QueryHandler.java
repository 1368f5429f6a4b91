package io.skiff.dns.server;

import io.skiff.dns.zone.ClusterZone;
import io.skiff.dns.zone.Resolution;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query into one response on the wire: questions for the cluster zone are answered from
 * it (authoritatively), the rest go to the upstream servers, or are REFUSED when there are none,
 * as a server authoritative only for the cluster domain refuses them. A UDP response larger than
 * 512 bytes, or than the client's EDNS0 payload size, is truncated at a whole RRset with the TC bit
 * set, so the client asks again over TCP, where the whole answer goes.
 */
public final class QueryHandler {

    /** The largest UDP response this server advertises in EDNS0, the 2020 DNS flag day's value. */
    static final int EDNS_PAYLOAD_SIZE = 1232;

    static final int PLAIN_UDP_SIZE = 512;
    private static final int TCP_SIZE = 65535;
    private static final int HEADER_SIZE = 12;
    private static final Set<Integer> NAMED_TYPES = Set.of(
            Type.A,
            Type.AAAA,
            Type.NS,
            Type.PTR,
            Type.SRV,
            Type.SOA,
            Type.CNAME,
            Type.MX,
            Type.TXT,
            Type.ANY,
            Type.NAPTR,
            Type.DS,
            Type.DNSKEY,
            Type.HTTPS,
            Type.SVCB,
            Type.CAA,
            Type.IXFR,
            Type.AXFR);

    private final ClusterZone zone;
    private final Optional<Forwarder> forwarder;

    public QueryHandler(ClusterZone zone, Optional<Forwarder> forwarder) {
        this.zone = zone;
        this.forwarder = forwarder;
    }

    /** The response to send, with what metrics record of it; empty when nothing should be sent. */
    public record Reply(byte[] wire, String zone, String type, String rcode, String plugin) {}

    public Optional<Reply> handle(byte[] query, Transport transport) {
        Message request;
        try {
            request = new Message(query);
        } catch (IOException e) {
            return formatError(query);
        }
        Header header = request.getHeader();
        if (header.getFlag(Flags.QR)) {
            return Optional.empty();
        }
        Record question = request.getQuestion();
        String type = question == null ? "other" : typeLabel(question.getType());
        if (header.getOpcode() != Opcode.QUERY) {
            return Optional.of(reply(request, Rcode.NOTIMP, transport, ".", type, ""));
        }
        if (question == null || request.getSection(Section.QUESTION).size() != 1) {
            return Optional.of(reply(request, Rcode.FORMERR, transport, ".", type, ""));
        }
        if (zone.covers(question.getName())
                && (question.getDClass() == DClass.IN || question.getDClass() == DClass.ANY)) {
            Optional<Resolution> resolution = zone.resolve(question.getName(), question.getType());
            if (resolution.isPresent()) {
                return Optional.of(answer(request, resolution.get(), transport, type));
            }
        }
        if (forwarder.isPresent()) {
            Optional<byte[]> upstream = forwarder.get().forward(query, transport);
            if (upstream.isPresent() && upstream.get().length >= HEADER_SIZE) {
                byte[] wire = upstream.get();
                return Optional.of(new Reply(wire, ".", type, Rcode.string(wire[3] & 0x0F), "forward"));
            }
            return Optional.of(reply(request, Rcode.SERVFAIL, transport, ".", type, "forward"));
        }
        return Optional.of(reply(request, Rcode.REFUSED, transport, ".", type, ""));
    }

    private Reply answer(Message request, Resolution resolution, Transport transport, String type) {
        Message response = response(request, resolution.rcode());
        response.getHeader().setFlag(Flags.AA);
        resolution.answer().forEach(record -> response.addRecord(record, Section.ANSWER));
        resolution.authority().forEach(record -> response.addRecord(record, Section.AUTHORITY));
        resolution.additional().forEach(record -> response.addRecord(record, Section.ADDITIONAL));
        addOpt(request, response);
        return new Reply(
                response.toWire(maxSize(request, transport)),
                zone.zone().toString(),
                type,
                Rcode.string(resolution.rcode()),
                "kubernetes");
    }

    private Reply reply(Message request, int rcode, Transport transport, String zoneLabel, String type, String plugin) {
        Message response = response(request, rcode);
        addOpt(request, response);
        return new Reply(response.toWire(maxSize(request, transport)), zoneLabel, type, Rcode.string(rcode), plugin);
    }

    private Message response(Message request, int rcode) {
        Message response = new Message(request.getHeader().getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(request.getHeader().getOpcode());
        if (request.getHeader().getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        if (forwarder.isPresent()) {
            header.setFlag(Flags.RA);
        }
        header.setRcode(rcode);
        Record question = request.getQuestion();
        if (question != null) {
            response.addRecord(question, Section.QUESTION);
        }
        return response;
    }

    /** An EDNS0 query gets an OPT record back, with this server's payload size. */
    private static void addOpt(Message request, Message response) {
        if (request.getOPT() != null) {
            response.addRecord(new OPTRecord(EDNS_PAYLOAD_SIZE, 0, 0), Section.ADDITIONAL);
        }
    }

    /** TCP: everything; UDP: 512 bytes, or the client's EDNS0 payload size when it is larger. */
    static int maxSize(Message request, Transport transport) {
        if (transport == Transport.TCP) {
            return TCP_SIZE;
        }
        OPTRecord opt = request.getOPT();
        return opt == null ? PLAIN_UDP_SIZE : Math.max(PLAIN_UDP_SIZE, opt.getPayloadSize());
    }

    /** A message too broken to parse gets FORMERR when its header at least is there. */
    private static Optional<Reply> formatError(byte[] query) {
        if (query.length < HEADER_SIZE || (query[2] & 0x80) != 0) {
            return Optional.empty();
        }
        Message response = new Message(((query[0] & 0xff) << 8) | (query[1] & 0xff));
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setRcode(Rcode.FORMERR);
        return Optional.of(new Reply(response.toWire(), ".", "other", Rcode.string(Rcode.FORMERR), ""));
    }

    private static String typeLabel(int type) {
        return NAMED_TYPES.contains(type) ? Type.string(type) : "other";
    }
}
