package io.skiff.launcher.sharing;

import java.nio.file.Path;
import java.util.List;

/** What {@link ClassSharingProcessIntegrationTest} runs in a JVM of its own. */
public final class SharingProbe {

    private SharingProbe() {}

    public static void main(String[] args) {
        switch (args[0]) {
            case "write" -> ClassArchive.write(Path.of(args[1]));
            case "exec" -> {
                System.out.println("pid=" + ProcessHandle.current().pid());
                String failure = Exec.replaceProcess(List.of("/bin/sh", "-c", "echo replaced-pid=$$"));
                System.out.println(failure);
                System.exit(3);
            }
            default -> System.out.println("probe ran");
        }
    }
}
