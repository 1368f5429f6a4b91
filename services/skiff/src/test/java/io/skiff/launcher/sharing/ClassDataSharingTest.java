package io.skiff.launcher.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.launcher.sharing.ClassDataSharing.ArchiveState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {

    private static final List<String> NO_OPTIONS = List.of();

    @TempDir
    Path dir;

    @Test
    void onlyTheLongRunningCommandsAreReExecuted() {
        assertThat(skip(List.of("server", "--data-dir", "/tmp/x"))).isEmpty();
        assertThat(skip(List.of("agent", "--server", "https://a:6443", "--token", "t")))
                .isEmpty();
        assertThat(skip(List.of("backup", "file"))).contains("not a long-running command");
        assertThat(skip(List.of())).contains("not a long-running command");
        assertThat(skip(List.of("server", "--help"))).contains("help or version asked for");
    }

    @Test
    void theUserCanTurnItOffOrChooseTheirOwnSharing() {
        List<String> server = List.of("server");
        assertThat(ClassDataSharing.reasonToSkip(
                        server, Map.of("SKIFF_CLASS_SHARING", "off"), null, null, "Linux", NO_OPTIONS))
                .contains("turned off");
        assertThat(ClassDataSharing.reasonToSkip(server, Map.of(), null, "false", "Linux", NO_OPTIONS))
                .contains("turned off");
        assertThat(ClassDataSharing.reasonToSkip(server, Map.of(), null, null, "Linux", List.of("-Xshare:off")))
                .contains("class-data sharing options given on the command line");
        assertThat(ClassDataSharing.reasonToSkip(
                        server, Map.of(), null, null, "Linux", List.of("-XX:SharedArchiveFile=/a.jsa")))
                .isPresent();
        assertThat(ClassDataSharing.reasonToSkip(server, Map.of(), "true", null, "Linux", NO_OPTIONS))
                .contains("already re-executed");
        assertThat(ClassDataSharing.reasonToSkip(server, Map.of(), null, null, "Mac OS X", NO_OPTIONS))
                .contains("not Linux");
    }

    @Test
    void theReExecutedJvmMapsAnExistingArchiveOrAsksForOne() {
        Path archive = dir.resolve("classes.jsa");
        Path runnable = dir.resolve("app/skiff.jar");
        String[] args = {"server", "--port", "7443"};

        List<String> mapping = ClassDataSharing.command(
                "/jdk/bin/java", List.of("-Xmx1g"), new ArchiveState(archive, true, false), runnable, args);
        assertThat(mapping)
                .startsWith("/jdk/bin/java", "-Xmx1g", "-XX:SharedArchiveFile=" + archive, "-Xshare:auto")
                .endsWith(
                        "-Dskiff.class-sharing.launched=true", "-jar", runnable.toString(), "server", "--port", "7443")
                .doesNotContain("-XX:+RecordDynamicDumpInfo");

        List<String> writing = ClassDataSharing.command(
                "/jdk/bin/java", NO_OPTIONS, new ArchiveState(archive, false, false), runnable, args);
        assertThat(writing)
                .contains("-XX:+RecordDynamicDumpInfo", "-Dskiff.class-sharing.write-archive=" + archive)
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));

        List<String> failedBefore = ClassDataSharing.command(
                "/jdk/bin/java", NO_OPTIONS, new ArchiveState(archive, false, true), runnable, args);
        assertThat(failedBefore)
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile") || o.contains("RecordDynamicDumpInfo"))
                .contains("-jar", runnable.toString());
    }

    @Test
    void optionsTheJavaLauncherReadsAgainFromTheEnvironmentAreNotRepeated() {
        List<String> given = List.of("-Xmx2g", "-Dfrom.tool=1", "-Dfrom.jdk=2", "-Duser=3");
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", " -Dfrom.tool=1 ", "JDK_JAVA_OPTIONS", "-Dfrom.jdk=2");
        assertThat(ClassDataSharing.inherited(given, env)).containsExactly("-Xmx2g", "-Duser=3");
    }

    @Test
    void onlyASpringBootJarStartedWithDashJarIsUnpacked() throws IOException {
        assertThat(ClassDataSharing.isPackagedJar("")).isFalse();
        assertThat(ClassDataSharing.isPackagedJar("target/classes")).isFalse();
        assertThat(ClassDataSharing.isPackagedJar("a.jar:b.jar")).isFalse();
        assertThat(ClassDataSharing.isPackagedJar(
                        jar("boot.jar", "org.springframework.boot.loader.launch.JarLauncher")))
                .isTrue();
        // The unpacked jar names the application's own main class: it is never unpacked again.
        assertThat(ClassDataSharing.isPackagedJar(jar("app.jar", "io.skiff.launcher.SkiffMain")))
                .isFalse();
    }

    private String jar(String name, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a manifest is all this needs
        }
        return jar.toString();
    }

    private static java.util.Optional<String> skip(List<String> args) {
        return ClassDataSharing.reasonToSkip(args, Map.of(), null, null, "Linux", NO_OPTIONS);
    }
}
