package io.skiff.kubelet.envvars;

import io.skiff.kubelet.cri.PodSandboxConfig.DnsConfig;
import java.util.ArrayList;
import java.util.List;

/** resolv.conf read as the kubelet reads the node's, and written as a CRI runtime writes a pod's. */
public final class ResolvConf {

    private ResolvConf() {}

    /**
     * The node's resolver settings: nameserver lines accumulate; the last search and options lines
     * win; search domains lose a trailing dot.
     *
     * @throws IllegalArgumentException {@code nameserver list is empty } for a bare nameserver line
     */
    public static DnsConfig parse(String content) {
        List<String> nameservers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        boolean emptyNameserver = false;
        for (String line : content.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
            if (fields.length == 0) {
                continue;
            }
            switch (fields[0]) {
                case "nameserver" -> {
                    if (fields.length >= 2) {
                        nameservers.add(fields[1]);
                    } else {
                        emptyNameserver = true;
                    }
                }
                case "search" -> {
                    searches = new ArrayList<>();
                    for (int i = 1; i < fields.length; i++) {
                        String search = fields[i];
                        searches.add(search.endsWith(".") ? search.substring(0, search.length() - 1) : search);
                    }
                }
                case "options" -> options = new ArrayList<>(List.of(fields).subList(1, fields.length));
                default -> {
                    // other keywords (domain, sortlist) are not carried over
                }
            }
        }
        if (emptyNameserver) {
            throw new IllegalArgumentException("nameserver list is empty ");
        }
        return new DnsConfig(nameservers, searches, options);
    }

    /**
     * The file a runtime writes for the sandbox (containerd's layout): a search line, one
     * nameserver line each, an options line; an empty config gives empty content.
     */
    public static String render(DnsConfig config) {
        StringBuilder content = new StringBuilder();
        if (!config.searches().isEmpty()) {
            content.append("search ")
                    .append(String.join(" ", config.searches()))
                    .append('\n');
        }
        for (String server : config.servers()) {
            content.append("nameserver ").append(server).append('\n');
        }
        if (!config.options().isEmpty()) {
            content.append("options ")
                    .append(String.join(" ", config.options()))
                    .append('\n');
        }
        return content.toString();
    }
}
