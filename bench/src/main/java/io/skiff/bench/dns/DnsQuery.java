package io.skiff.bench.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The two ends of a plain DNS exchange the benchmark needs: an A question on the wire (RFC 1035,
 * recursion desired, no EDNS) and the header fields of the answer.
 */
public final class DnsQuery {

    static final int TYPE_A = 1;
    static final int CLASS_IN = 1;
    private static final int HEADER = 12;
    private static final int MAX_LABEL = 63;

    private DnsQuery() {}

    /** An A query for {@code name} ("web.ns.svc.cluster.local", no trailing dot needed). */
    public static byte[] a(int id, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + name.length() + 6);
        out.write(id >> 8);
        out.write(id);
        out.write(0x01); // RD
        out.write(0x00);
        writeShort(out, 1); // QDCOUNT
        writeShort(out, 0);
        writeShort(out, 0);
        writeShort(out, 0);
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length > MAX_LABEL) {
                throw new IllegalArgumentException("DNS label longer than 63 bytes: " + label);
            }
            out.write(bytes.length);
            out.write(bytes, 0, bytes.length);
        }
        out.write(0);
        writeShort(out, TYPE_A);
        writeShort(out, CLASS_IN);
        return out.toByteArray();
    }

    /** The header of a response: its ID, RCODE, answer count and whether it was truncated. */
    public record Header(int id, boolean response, boolean truncated, int rcode, int answers) {

        /** A positive answer: NOERROR with at least one record. */
        public boolean answered() {
            return response && rcode == 0 && answers > 0;
        }
    }

    public static Header header(byte[] wire, int length) {
        if (length < HEADER) {
            throw new IllegalArgumentException("a DNS message is at least 12 bytes, got " + length);
        }
        return new Header(
                ((wire[0] & 0xff) << 8) | (wire[1] & 0xff),
                (wire[2] & 0x80) != 0,
                (wire[2] & 0x02) != 0,
                wire[3] & 0x0f,
                ((wire[6] & 0xff) << 8) | (wire[7] & 0xff));
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
