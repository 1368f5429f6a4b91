package io.skiff.launcher.sharing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Starts {@code skiff server} and {@code skiff agent} with class-data sharing. Run as
 * {@code java -jar skiff.jar server}, the launcher unpacks the jar into its cache (once per build),
 * then replaces itself, same process, with a JVM that runs the unpacked jar and maps the cached class
 * archive; when there is no archive yet, that JVM writes one once the cluster is up
 * ({@link ClassArchive}). Anything in the way (not a packaged jar, CDS options given by the user,
 * {@code SKIFF_CLASS_SHARING=off}, no writable cache) and the command runs as it is, only slower.
 */
public final class ClassDataSharing {

    static final String LAUNCHED_PROPERTY = "skiff.class-sharing.launched";
    static final String DISABLE_PROPERTY = "skiff.class-sharing";
    static final String DISABLE_VARIABLE = "SKIFF_CLASS_SHARING";

    private static final Set<String> LONG_RUNNING = Set.of("server", "agent");
    private static final Set<String> HELP_OPTIONS = Set.of("-h", "--help", "-V", "--version");
    private static final List<String> CDS_OPTIONS = List.of(
            "-Xshare",
            "-XX:SharedArchiveFile",
            "-XX:ArchiveClassesAtExit",
            "-XX:SharedClassListFile",
            "-XX:DumpLoadedClassList",
            "-XX:+AutoCreateSharedArchive",
            "-XX:AOTCache",
            "-XX:AOTMode",
            "-XX:+RecordDynamicDumpInfo");
    private static final String BOOT_LAUNCHER_PREFIX = "org.springframework.boot.loader.";

    private ClassDataSharing() {}

    /** Re-executes this process with class-data sharing when that applies; returns when it does not. */
    public static void relaunchIfUseful(String[] args) {
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String classPath = System.getProperty("java.class.path", "");
        Optional<String> skip = reasonToSkip(
                Arrays.asList(args),
                System.getenv(),
                System.getProperty(LAUNCHED_PROPERTY),
                System.getProperty(DISABLE_PROPERTY),
                System.getProperty("os.name", ""),
                jvmOptions);
        if (skip.isPresent() || !isPackagedJar(classPath)) {
            return;
        }
        try {
            Path jar = Path.of(classPath);
            String java = javaBinary();
            LauncherCache cache = LauncherCache.fromEnvironment(System.getenv(), System.getProperty("user.home"));
            Path entry = cache.entryFor(jar);
            if (!Files.exists(entry.resolve("app"))) {
                System.err.println("skiff: unpacking " + jar.getFileName() + " into " + entry
                        + " for faster starts (once per build; SKIFF_CLASS_SHARING=off to run without)");
            }
            Path runnable = UnpackedJar.in(entry, jar, java);
            cache.removeUnused(entry, Instant.now());
            Path archive = LauncherCache.archiveIn(
                    entry, System.getProperty("java.home"), System.getProperty("java.vm.version"));
            List<String> command =
                    command(java, inherited(jvmOptions, System.getenv()), ArchiveState.of(archive), runnable, args);
            String failure = Exec.replaceProcess(command);
            System.err.println("skiff: starting without class-data sharing: " + failure);
        } catch (IOException | RuntimeException e) {
            System.err.println("skiff: starting without class-data sharing: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why this start runs as it is, if it does. */
    static Optional<String> reasonToSkip(
            List<String> args,
            Map<String, String> env,
            String launched,
            String disabledProperty,
            String osName,
            List<String> jvmOptions) {
        if (args.isEmpty() || !LONG_RUNNING.contains(args.get(0))) {
            return Optional.of("not a long-running command");
        }
        if (args.stream().anyMatch(HELP_OPTIONS::contains)) {
            return Optional.of("help or version asked for");
        }
        if (launched != null) {
            return Optional.of("already re-executed");
        }
        if (isOff(disabledProperty) || isOff(env.get(DISABLE_VARIABLE))) {
            return Optional.of("turned off");
        }
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("not Linux");
        }
        if (jvmOptions.stream().anyMatch(o -> CDS_OPTIONS.stream().anyMatch(o::startsWith))) {
            return Optional.of("class-data sharing options given on the command line");
        }
        return Optional.empty();
    }

    private static boolean isOff(String value) {
        return value != null
                && Set.of("off", "false", "0", "no").contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** {@code java -jar skiff.jar}: one jar on the class path, started by Spring Boot's launcher. */
    static boolean isPackagedJar(String classPath) {
        if (classPath.isEmpty() || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            String main = jar.getManifest() == null
                    ? null
                    : jar.getManifest().getMainAttributes().getValue("Main-Class");
            return main != null && main.startsWith(BOOT_LAUNCHER_PREFIX);
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the archive exists, is to be written by this start, or could not be written before. */
    record ArchiveState(Path archive, boolean exists, boolean failedBefore) {
        static ArchiveState of(Path archive) {
            return new ArchiveState(
                    archive, Files.isRegularFile(archive), Files.exists(ClassArchive.failureMarker(archive)));
        }
    }

    /** The re-executed command line: the JVM options given, class-data sharing, the unpacked jar. */
    static List<String> command(
            String java, List<String> jvmOptions, ArchiveState archive, Path runnable, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        if (archive.exists()) {
            command.add("-XX:SharedArchiveFile=" + archive.archive());
            command.add("-Xshare:auto");
        } else if (!archive.failedBefore()) {
            command.add("-XX:+RecordDynamicDumpInfo");
            command.add("-D" + ClassArchive.ARCHIVE_PROPERTY + "=" + archive.archive());
        }
        // HotSpot warns about each class it cannot archive or map; the launcher reports what matters.
        command.add("-Xlog:cds=off");
        command.add("-Xlog:cds+dynamic=off");
        command.add("-D" + LAUNCHED_PROPERTY + "=true");
        command.add("-jar");
        command.add(runnable.toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * The JVM options this process was started with, less those the {@code java} launcher reads
     * again from the environment ({@code JDK_JAVA_OPTIONS}, {@code JAVA_TOOL_OPTIONS}), which the
     * re-executed JVM would otherwise get twice.
     */
    static List<String> inherited(List<String> jvmOptions, Map<String, String> env) {
        List<String> options = new ArrayList<>(jvmOptions);
        for (String variable : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS")) {
            String value = env.get(variable);
            if (value != null) {
                for (String token : value.strip().split("\\s+")) {
                    options.remove(token);
                }
            }
        }
        return options;
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
