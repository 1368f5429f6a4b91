package io.skiff.dns.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace a test creates and deletes, with only its loopback up and no route out
 * (DESIGN.md §5). Creating one skips the test, saying why, when this machine cannot: not root, no
 * iproute2, or no dig to ask from inside it.
 */
public final class TestNetworkNamespace implements AutoCloseable {

    private final String name;

    private TestNetworkNamespace(String name) {
        this.name = name;
    }

    public static TestNetworkNamespace create() throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "network namespaces need root; this test runs as " + System.getProperty("user.name"));
        Assumptions.assumeTrue(run("ip", "-V").exitCode() == 0, "iproute2 (ip) is not installed");
        Assumptions.assumeTrue(run("dig", "-v").exitCode() == 0, "dig (Debian's dnsutils) is not installed");
        String name = "skiff-dns-test-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
        Result added = run("ip", "netns", "add", name);
        Assumptions.assumeTrue(added.exitCode() == 0, "cannot create a network namespace: " + added.output());
        TestNetworkNamespace namespace = new TestNetworkNamespace(name);
        namespace.exec("ip", "link", "set", "lo", "up");
        return namespace;
    }

    public String name() {
        return name;
    }

    /** Runs a command inside the namespace; fails the test when it fails. */
    public String exec(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("ip", "netns", "exec", name));
        args.addAll(List.of(command));
        Result result = run(args.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(args + " failed (" + result.exitCode() + "): " + result.output());
        }
        return result.output();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("ip", "netns", "delete", name);
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(124, output);
        }
        return new Result(process.exitValue(), output);
    }
}
