package io.skiff.launcher;

import io.skiff.apiserver.rest.ServerInfoHandler;
import picocli.CommandLine;

/** Prints Skiff's version and the Kubernetes API version it serves. */
final class SkiffVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = SkiffMain.class.getPackage().getImplementationVersion();
        return new String[] {
            "skiff " + (version == null ? "development build" : version),
            "Kubernetes API v1." + ServerInfoHandler.KUBERNETES_MINOR
        };
    }
}
