package io.skiff.proxy.conntrack;

import java.util.ArrayList;
import java.util.List;

/**
 * One UDP flow from {@code conntrack -L}: where its first packet was addressed (the original
 * direction's destination and port: a service address or a NodePort) and who answers (the reply
 * direction's source: the endpoint it was DNATed to, or the original destination when it was not).
 *
 * @param originalDestination the original direction's dst
 * @param originalDestinationPort the original direction's dport
 * @param replySource the reply direction's src
 */
record ConntrackEntry(String originalDestination, int originalDestinationPort, String replySource) {

    /**
     * Parses the UDP lines of {@code conntrack -L -p udp} output, for example {@code udp 17 27
     * src=10.244.2.30 dst=10.96.14.20 sport=39011 dport=53 [UNREPLIED] src=10.244.1.12
     * dst=10.244.2.30 sport=5353 dport=39011 mark=0 use=1}: the first dst and dport are the
     * original direction's, the second src the reply direction's. Other lines are skipped.
     */
    static List<ConntrackEntry> parse(String listing) {
        List<ConntrackEntry> entries = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 0 || !words[0].equals("udp")) {
                continue;
            }
            String destination = null;
            String port = null;
            String replySource = null;
            int sources = 0;
            for (String word : words) {
                if (word.startsWith("src=")) {
                    sources++;
                    if (sources == 2) {
                        replySource = word.substring(4);
                    }
                } else if (word.startsWith("dst=") && destination == null) {
                    destination = word.substring(4);
                } else if (word.startsWith("dport=") && port == null) {
                    port = word.substring(6);
                }
            }
            if (destination != null && port != null && replySource != null) {
                try {
                    entries.add(new ConntrackEntry(destination, Integer.parseInt(port), replySource));
                } catch (NumberFormatException e) {
                    // Not a line of the format above.
                }
            }
        }
        return entries;
    }
}
