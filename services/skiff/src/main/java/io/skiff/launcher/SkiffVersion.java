package io.skiff.launcher;

import io.skiff.apiserver.rest.ServerInfoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;

/** Prints Skiff's version, the commit it was built from, and the Kubernetes API version it serves. */
final class SkiffVersion implements CommandLine.IVersionProvider {

    /**
     * Where the build's git-commit-id plugin puts the launcher's git.properties (a build from a
     * source tarball has none), beside each service's under its own module name.
     */
    static final String GIT_PROPERTIES = "META-INF/skiff/skiff/git.properties";

    @Override
    public String[] getVersion() {
        String version = SkiffMain.class.getPackage().getImplementationVersion();
        return new String[] {
            "skiff " + (version == null ? "development build" : version)
                    + commit(SkiffVersion.class.getClassLoader())
                            .map(c -> " (commit " + c + ")")
                            .orElse(""),
            "Kubernetes API v1." + ServerInfoHandler.KUBERNETES_MINOR
        };
    }

    /** The abbreviated commit, marked when the working tree had uncommitted changes. */
    static Optional<String> commit(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(GIT_PROPERTIES)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties git = new Properties();
            git.load(in);
            String id = git.getProperty("git.commit.id.abbrev");
            if (id == null || id.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(id + (Boolean.parseBoolean(git.getProperty("git.dirty")) ? "-dirty" : ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + GIT_PROPERTIES, e);
        }
    }
}
