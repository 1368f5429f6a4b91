package io.skiff.launcher.sharing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Replaces this process with another program (execv(3)): same process id, same standard streams,
 * same environment, so whoever started {@code skiff} (a shell, systemd, a test) still holds and
 * signals the process that runs the cluster.
 */
final class Exec {

    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;

    private interface LibC extends Library {
        int execv(String path, String[] argv);

        int fcntl(int fd, int cmd, int arg);
    }

    private Exec() {}

    /**
     * Executes {@code command} (program first) in place of this JVM. Returns only if that failed,
     * with the reason; nothing of this JVM is changed then, except that its open files are marked
     * close-on-exec.
     */
    static String replaceProcess(List<String> command) {
        LibC libc;
        try {
            libc = Native.load("c", LibC.class);
        } catch (LinkageError | RuntimeException e) {
            return "cannot call the C library: " + e.getMessage();
        }
        closeOnExec(libc);
        System.out.flush();
        System.err.flush();
        // JNA passes a String[] as a NULL-terminated char**.
        libc.execv(command.get(0), command.toArray(new String[0]));
        return "execv " + command.get(0) + " failed: errno " + Native.getLastError();
    }

    /** The JVM opens its jars and sockets without O_CLOEXEC: keep them out of the new program. */
    private static void closeOnExec(LibC libc) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                int number = Integer.parseInt(fd.getFileName().toString());
                if (number > 2) {
                    libc.fcntl(number, F_SETFD, FD_CLOEXEC);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Without /proc the new JVM inherits a few descriptors; harmless.
        }
    }
}
