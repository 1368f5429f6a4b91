package io.skiff.dns.zone;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The zone's answer to one question: the response code and the records of the answer, authority
 * and additional sections. A name that exists without records of the asked type is NODATA: NOERROR
 * with an empty answer and the zone's SOA in authority (RFC 2308), unlike NXDOMAIN.
 */
public record Resolution(int rcode, List<Record> answer, List<Record> authority, List<Record> additional) {

    public Resolution {
        answer = List.copyOf(answer);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    static Resolution answer(List<Record> answer, List<Record> additional) {
        return new Resolution(Rcode.NOERROR, answer, List.of(), additional);
    }

    static Resolution noData(Record soa) {
        return new Resolution(Rcode.NOERROR, List.of(), List.of(soa), List.of());
    }

    static Resolution nxDomain(Record soa) {
        return new Resolution(Rcode.NXDOMAIN, List.of(), List.of(soa), List.of());
    }

    /** Whether the answer section is empty: NXDOMAIN or NODATA. */
    public boolean isNegative() {
        return answer.isEmpty();
    }
}
