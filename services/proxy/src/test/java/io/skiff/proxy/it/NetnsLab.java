package io.skiff.proxy.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A node's network built from network namespaces this test owns, with no link to the host: a node
 * namespace holding a bridge (10.244.0.1/24, the node's pod network) and the forwarding a node
 * has; "pod" namespaces on veths into the bridge, each serving a one-line HTTP answer with its name
 * (busybox httpd; curl is the client); and a client namespace on its own routed link (10.250.0.2/24 via 10.250.0.1), so
 * its calls arrive from outside the cluster CIDR as a client on another machine's would. Every
 * 10.x address lives only in these namespaces; {@link #close} removes them all.
 */
final class NetnsLab implements AutoCloseable {

    static final String NODE_ADDRESS = "10.244.0.1";
    static final String CLIENT_ADDRESS = "10.250.0.2";

    private final String prefix =
            "skp" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();
    private final Path work;

    private NetnsLab(Path work) {
        this.work = work;
    }

    /** Skips the calling test (loudly) when this machine cannot build the lab. */
    static void assumeCapable() {
        Assumptions.assumeTrue(isRoot(), "SKIPPED: network namespaces and iptables need root");
        for (String tool :
                List.of("ip", "iptables", "iptables-restore", "iptables-save", "nsenter", "busybox", "curl")) {
            Assumptions.assumeTrue(onPath(tool), "SKIPPED: " + tool + " is not installed");
        }
    }

    static NetnsLab create(Path work) {
        NetnsLab lab = new NetnsLab(work);
        try {
            lab.build();
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void build() {
        String node = namespace("node");
        run("ip", "netns", "exec", node, "ip", "link", "set", "lo", "up");
        run("ip", "netns", "exec", node, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        run("ip", "netns", "exec", node, "ip", "link", "add", "br0", "type", "bridge");
        run("ip", "netns", "exec", node, "ip", "addr", "add", NODE_ADDRESS + "/24", "dev", "br0");
        run("ip", "netns", "exec", node, "ip", "link", "set", "br0", "up");

        String client = namespace("client");
        run("ip", "link", "add", prefix + "c0", "netns", node, "type", "veth", "peer", "name", "eth0", "netns", client);
        run("ip", "netns", "exec", node, "ip", "addr", "add", "10.250.0.1/24", "dev", prefix + "c0");
        run("ip", "netns", "exec", node, "ip", "link", "set", prefix + "c0", "up");
        up(client, CLIENT_ADDRESS + "/24", "10.250.0.1");
    }

    /** The node namespace's path, for skiff.proxy.node-network-namespace. */
    String nodeNamespace() {
        return "/run/netns/" + prefix + "-node";
    }

    /** The path of one of the lab's namespaces ("node", "client" or a pod's name). */
    String namespacePath(String role) {
        return "/run/netns/" + prefix + "-" + role;
    }

    /** Whether a tool is installed (for tests that need more than {@link #assumeCapable}). */
    static boolean installed(String tool) {
        return onPath(tool);
    }

    /** A pod on the bridge at {@code address} answering {@code name} on port 8080. */
    void pod(String name, String address) throws IOException {
        String pod = namespace(name);
        String hostSide = prefix + name.substring(name.length() - 1) + "h";
        run(
                "ip",
                "link",
                "add",
                hostSide,
                "netns",
                prefix + "-node",
                "type",
                "veth",
                "peer",
                "name",
                "eth0",
                "netns",
                pod);
        run("ip", "netns", "exec", prefix + "-node", "ip", "link", "set", hostSide, "master", "br0", "up");
        up(pod, address + "/24", NODE_ADDRESS);
        Path root = Files.createDirectories(work.resolve(name));
        Files.writeString(root.resolve("index.html"), name + "\n", StandardCharsets.UTF_8);
        servers.add(new ProcessBuilder(
                        "ip", "netns", "exec", pod, "busybox", "httpd", "-f", "-p", "8080", "-h", root.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile())
                .start());
        for (int i = 0; i < 50; i++) {
            if (exec(pod, "curl", "-sf", "--max-time", "1", "http://127.0.0.1:8080/")
                            .exitCode()
                    == 0) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("pod " + name + " does not serve HTTP");
    }

    /** One HTTP GET from the client namespace: the answer's first line, or the failure. */
    Answer getFromClient(String url) {
        return get("client", url);
    }

    /** One HTTP GET from a pod's namespace. */
    Answer getFromPod(String pod, String url) {
        return get(pod, url);
    }

    /** One HTTP GET from the node namespace. */
    Answer getFromNode(String url) {
        return get("node", url);
    }

    /** Runs a command in the client namespace. */
    Result inClient(String... command) {
        return exec(prefix + "-client", command);
    }

    /** Runs a command in the node namespace. */
    Result inNode(String... command) {
        return exec(prefix + "-node", command);
    }

    private Answer get(String where, String url) {
        long start = System.nanoTime();
        Result result = exec(prefix + "-" + where, "curl", "-sSf", "--max-time", "3", url);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Answer(result.exitCode() == 0, result.output().strip(), millis);
    }

    private void up(String namespace, String cidr, String gateway) {
        run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        run("ip", "netns", "exec", namespace, "ip", "addr", "add", cidr, "dev", "eth0");
        run("ip", "netns", "exec", namespace, "ip", "link", "set", "eth0", "up");
        run("ip", "netns", "exec", namespace, "ip", "route", "add", "default", "via", gateway);
    }

    private String namespace(String role) {
        String name = prefix + "-" + role;
        run("ip", "netns", "add", name);
        namespaces.add(name);
        return name;
    }

    private Result exec(String namespace, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return command(full);
    }

    private static void run(String... command) {
        Result result = command(List.of(command));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
        }
    }

    private static Result command(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " timed out");
            }
            return new Result(
                    process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    @Override
    public void close() {
        for (Process server : servers) {
            server.destroyForcibly();
        }
        for (Process server : servers) {
            try {
                server.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String namespace : namespaces) {
            command(List.of("ip", "netns", "del", namespace));
        }
    }

    private static boolean isRoot() {
        Result id = command(List.of("id", "-u"));
        return id.exitCode() == 0 && id.output().strip().equals("0");
    }

    private static boolean onPath(String tool) {
        return command(List.of("sh", "-c", "command -v " + tool)).exitCode() == 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Result(int exitCode, String output) {}

    /** An HTTP call's outcome: whether it succeeded, the body (or error), and how long it took. */
    record Answer(boolean ok, String body, long millis) {}
}
