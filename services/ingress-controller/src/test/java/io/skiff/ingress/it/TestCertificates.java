package io.skiff.ingress.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A test CA and server certificates it signs, made with openssl in a temporary directory. */
final class TestCertificates {

    private final Path directory;

    TestCertificates(Path directory) throws IOException {
        this.directory = directory;
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=skiff ingress test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-keyout",
                file("ca.key"),
                "-out",
                file("ca.crt"));
    }

    static boolean available() {
        try {
            Process process = new ProcessBuilder("openssl", "version")
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

    Path caFile() {
        return directory.resolve("ca.crt");
    }

    /** Issues a certificate for {@code host}; returns tls.crt and tls.key base64-encoded, as a Secret holds them. */
    List<String> issue(String host) throws IOException {
        Files.writeString(directory.resolve(host + ".ext"), "subjectAltName=DNS:" + host + "\n");
        openssl(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=" + host,
                "-keyout",
                file(host + ".key"),
                "-out",
                file(host + ".csr"));
        openssl(
                "x509",
                "-req",
                "-in",
                file(host + ".csr"),
                "-CA",
                file("ca.crt"),
                "-CAkey",
                file("ca.key"),
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                file(host + ".ext"),
                "-out",
                file(host + ".crt"));
        Base64.Encoder base64 = Base64.getEncoder();
        return List.of(
                base64.encodeToString(Files.readAllBytes(directory.resolve(host + ".crt"))),
                base64.encodeToString(Files.readAllBytes(directory.resolve(host + ".key"))));
    }

    private String file(String name) {
        return directory.resolve(name).toString();
    }

    private static void openssl(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
