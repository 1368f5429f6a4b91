package io.skiff.kubelet.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An OCI platform (os, architecture, variant), normalized as containerd's platforms package does:
 * x86_64 is amd64, aarch64 is arm64 (whose default variant v8 is left empty), armhf is arm/v7.
 */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        os = os == null ? "" : os.toLowerCase(Locale.ROOT);
        architecture = architecture == null ? "" : architecture.toLowerCase(Locale.ROOT);
        variant = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
    }

    /** The platform this JVM runs on. */
    public static Platform current() {
        return new Platform("linux", System.getProperty("os.arch"), "").normalize();
    }

    public Platform normalize() {
        String arch = architecture;
        String v = variant;
        switch (arch) {
            case "i386" -> {
                arch = "386";
                v = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                switch (v) {
                    case "8", "v8", "v8.0" -> v = "";
                    case "9", "9.0", "v9.0" -> v = "v9";
                    default -> {}
                }
            }
            case "armhf" -> {
                arch = "arm";
                v = "v7";
            }
            case "armel" -> {
                arch = "arm";
                v = "v6";
            }
            case "arm" -> {
                switch (v) {
                    case "", "7" -> v = "v7";
                    case "5", "6", "8" -> v = "v" + v;
                    default -> {}
                }
            }
            default -> {}
        }
        return new Platform(os, arch, v);
    }

    /**
     * The platforms this one runs, best first (containerd's {@code platforms.Only}): amd64 also
     * runs 386, older amd64 levels and arm64 also run 32-bit arm down to v5.
     */
    List<Platform> compatible() {
        Platform self = normalize();
        List<Platform> vector = new ArrayList<>();
        vector.add(self);
        switch (self.architecture) {
            case "amd64" -> {
                int level = level(self.variant);
                for (level--; level >= 1; level--) {
                    vector.add(new Platform(self.os, "amd64", level == 1 ? "" : "v" + level));
                }
                vector.add(new Platform(self.os, "386", ""));
            }
            case "arm" -> {
                int level = level(self.variant);
                for (level--; level >= 5; level--) {
                    vector.add(new Platform(self.os, "arm", "v" + level));
                }
            }
            case "arm64" -> {
                int level = self.variant.isEmpty() ? 8 : level(self.variant);
                for (; level >= 5; level--) {
                    vector.add(new Platform(self.os, "arm", "v" + level));
                }
            }
            default -> {}
        }
        return vector;
    }

    private static int level(String variant) {
        try {
            return Integer.parseInt(variant.startsWith("v") ? variant.substring(1) : variant);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
    }
}
