package io.skiff.launcher;

/**
 * Closes what a command started when the JVM exits (Ctrl-C, SIGTERM). A signal that arrives while
 * the command is still starting finds the JVM already shutting down by the time the hook would be
 * added; then what has started is closed at once instead, rather than failing with the JVM's
 * "Shutdown in progress".
 */
final class ShutdownHook {

    private ShutdownHook() {}

    /** Runs {@code close} on exit, or now if the JVM is already exiting; true if it ran now. */
    static boolean closeOnExit(Runnable close, String threadName) {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(close, threadName));
            return false;
        } catch (IllegalStateException shutdownInProgress) {
            close.run();
            return true;
        }
    }
}
