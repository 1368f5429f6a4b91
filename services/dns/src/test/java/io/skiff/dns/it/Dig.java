package io.skiff.dns.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's dig against a server on loopback and reads its answer. */
final class Dig {

    private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
    private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]*);");

    private final int port;

    Dig(int port) {
        this.port = port;
    }

    /** Whether dig is installed. */
    static boolean available() {
        try {
            Process process =
                    new ProcessBuilder("dig", "-v").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** dig's reading of one response: status, header flags and sections as record lines. */
    record Answer(String status, List<String> flags, List<String> answer, List<String> authority, String text) {

        /** The data of the answer records, e.g. "10.96.0.10" or "0 100 80 web.ns.svc.cluster.local.". */
        List<String> data() {
            return answer.stream().map(Answer::rdata).toList();
        }

        boolean hasFlag(String flag) {
            return flags.contains(flag);
        }

        private static String rdata(String line) {
            String[] fields = line.split("\\s+", 5);
            return fields.length == 5 ? fields[4] : line;
        }
    }

    Answer query(String... arguments) {
        List<String> command = new ArrayList<>(
                List.of("dig", "@127.0.0.1", "-p", Integer.toString(port), "+time=2", "+tries=1", "+nocookie"));
        command.addAll(List.of(arguments));
        String output;
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("dig did not finish: " + command);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
        return parse(output);
    }

    static Answer parse(String output) {
        Matcher status = STATUS.matcher(output);
        Matcher flags = FLAGS.matcher(output);
        return new Answer(
                status.find() ? status.group(1) : "NO-RESPONSE",
                flags.find() ? List.of(flags.group(1).trim().split(" ")) : List.of(),
                section(output, ";; ANSWER SECTION:"),
                section(output, ";; AUTHORITY SECTION:"),
                output);
    }

    private static List<String> section(String output, String heading) {
        List<String> lines = new ArrayList<>();
        boolean inside = false;
        for (String line : output.split("\n")) {
            if (line.startsWith(heading)) {
                inside = true;
            } else if (inside && (line.isBlank() || line.startsWith(";;"))) {
                break;
            } else if (inside) {
                lines.add(line.trim().toLowerCase(Locale.ROOT));
            }
        }
        return lines;
    }
}
