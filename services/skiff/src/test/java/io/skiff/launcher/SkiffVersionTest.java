package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit `skiff --version` names, from the git.properties the build writes (when it has .git). */
class SkiffVersionTest {

    @TempDir
    Path classes;

    @Test
    void namesTheAbbreviatedCommit() throws Exception {
        writeGitProperties("git.commit.id.abbrev=d8cb716\ngit.dirty=false\n");

        assertThat(SkiffVersion.commit(loader())).contains("d8cb716");
    }

    @Test
    void marksABuildFromUncommittedChanges() throws Exception {
        writeGitProperties("git.commit.id.abbrev=d8cb716\ngit.dirty=true\n");

        assertThat(SkiffVersion.commit(loader())).contains("d8cb716-dirty");
    }

    @Test
    void aBuildFromASourceTarballHasNoCommit() throws Exception {
        assertThat(SkiffVersion.commit(loader())).isEmpty();
    }

    @Test
    void theVersionLinesStartWithSkiff() {
        assertThat(new SkiffVersion().getVersion()[0]).startsWith("skiff ");
    }

    private void writeGitProperties(String content) throws Exception {
        Path file = classes.resolve(SkiffVersion.GIT_PROPERTIES);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private ClassLoader loader() throws Exception {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    }
}
