package io.skiff.ingress.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** curl as the real client: {@code --resolve} pins names to loopback, so SNI and Host are real. */
final class Curl {

    record Response(int code, String body) {}

    private Curl() {}

    static boolean available() {
        try {
            Process process = new ProcessBuilder("curl", "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A plain HTTP request for {@code host} (resolved to 127.0.0.1) on {@code port}. */
    static Response http(String host, int port, String path, String... extraArgs) {
        return run(host, port, "http://" + host + ":" + port + path, null, extraArgs);
    }

    /** An HTTPS request for {@code host} (resolved to 127.0.0.1, sent as SNI), trusting {@code caFile}. */
    static Response https(String host, int port, String path, Path caFile, String... extraArgs) {
        return run(host, port, "https://" + host + ":" + port + path, caFile, extraArgs);
    }

    /** A plain HTTP request run inside network namespace {@code netns}, {@code host} resolved to {@code address}. */
    static Response httpInside(String netns, String host, String address, int port, String path) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        command.addAll(command(host, port, "http://" + host + ":" + port + path, null));
        command.set(command.indexOf(host + ":" + port + ":127.0.0.1"), host + ":" + port + ":" + address);
        try {
            return finish(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new AssertionError("cannot run curl", e);
        }
    }

    static Process start(String host, int port, String path) throws IOException {
        return new ProcessBuilder(command(host, port, "http://" + host + ":" + port + path, null)).start();
    }

    static Response finish(Process process) {
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("curl did not finish");
            }
            int marker = out.lastIndexOf("\ncode=");
            if (marker < 0) {
                return new Response(
                        0, out + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return new Response(Integer.parseInt(out.substring(marker + 6).trim()), out.substring(0, marker));
        } catch (IOException e) {
            throw new AssertionError("curl failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Response run(String host, int port, String url, Path caFile, String... extraArgs) {
        try {
            List<String> command = command(host, port, url, caFile);
            command.addAll(1, List.of(extraArgs));
            return finish(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new AssertionError("cannot run curl", e);
        }
    }

    private static List<String> command(String host, int port, String url, Path caFile) {
        List<String> command = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "--noproxy",
                "*",
                "--max-time",
                "20",
                "--resolve",
                host + ":" + port + ":127.0.0.1",
                "-w",
                "\ncode=%{http_code}"));
        if (caFile != null) {
            command.addAll(List.of("--cacert", caFile.toString()));
        }
        command.add(url);
        return command;
    }
}
