package io.skiff.apiserver.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl against a test API server, with its own kubeconfig and discovery cache so
 * no state leaks between tests or from the machine's ~/.kube.
 */
public final class Kubectl {

    private final Path kubeconfig;
    private final Path cacheDir;

    public record Result(int exitCode, String stdout, String stderr) {
        public String out() {
            return stdout.strip();
        }
    }

    private Kubectl(Path kubeconfig, Path cacheDir) {
        this.kubeconfig = kubeconfig;
        this.cacheDir = cacheDir;
    }

    /** Skips the calling test, saying why, when kubectl is not on PATH. */
    public static Kubectl against(String serverUrl, Path workDir) {
        assumeTrue(
                onPath(),
                "SKIPPED LOUDLY: the kubectl end-to-end tests need the real kubectl on PATH, and there is none");
        try {
            Path kubeconfig = workDir.resolve("kubeconfig.yaml");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: skiff
                      cluster:
                        server: %s
                    contexts:
                    - name: skiff
                      context:
                        cluster: skiff
                        user: admin
                    current-context: skiff
                    users:
                    - name: admin
                      user: {}
                    """.formatted(serverUrl));
            return new Kubectl(kubeconfig, Files.createDirectories(workDir.resolve("kube-cache")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kubectl with a kubeconfig made elsewhere (e.g. the one skiff server writes, with credentials). */
    public static Kubectl withKubeconfig(Path kubeconfig, Path workDir) {
        assumeTrue(
                onPath(),
                "SKIPPED LOUDLY: the kubectl end-to-end tests need the real kubectl on PATH, and there is none");
        try {
            return new Kubectl(kubeconfig, Files.createDirectories(workDir.resolve("kube-cache")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result run(String... args) {
        return runWithInput(null, args);
    }

    public Result runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(
                List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir", cacheDir.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("HOME", cacheDir.getParent().toString());
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in 60 s");
            }
            Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts kubectl without waiting (for get -w); the caller reads and destroys the process. */
    public Process start(String... args) {
        List<String> command = new ArrayList<>(
                List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir", cacheDir.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("HOME", cacheDir.getParent().toString());
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "kubectl"))) {
                return true;
            }
        }
        return false;
    }
}
