package io.skiff.proxy.iptables;

import java.util.Set;

/** The iptables operations a sync needs, on the node's network. */
public interface Iptables {

    /** Creates the top-level chains and the jumps into them from the built-in chains, if missing. */
    void ensureJumps();

    /** The names of the chains in the nat table now. */
    Set<String> natChains();

    /** Applies restore input atomically, leaving chains it does not name alone (--noflush). */
    void restore(String input);

    /** iptables-restore refused the input or failed. */
    final class RestoreFailedException extends RuntimeException {
        public RestoreFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
