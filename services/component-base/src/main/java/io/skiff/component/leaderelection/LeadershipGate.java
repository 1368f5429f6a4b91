package io.skiff.component.leaderelection;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link LeaderWork} exactly while this instance leads, so a standby never does leader work.
 * Works are started in registration order and stopped in reverse order; a work that fails to start
 * or stop is logged and does not keep the others from starting or stopping.
 */
public final class LeadershipGate implements LeaderCallbacks {

    private static final Logger log = LoggerFactory.getLogger(LeadershipGate.class);

    private final List<LeaderWork> works = new ArrayList<>();
    private boolean open;

    public LeadershipGate(List<? extends LeaderWork> works) {
        this.works.addAll(works);
    }

    /** Adds work; if the gate is open (this instance leads), the work starts at once. */
    public synchronized void register(LeaderWork work) {
        works.add(work);
        if (open) {
            startQuietly(work);
        }
    }

    /** Whether leader work is running now. */
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void onStartedLeading() {
        if (open) {
            return;
        }
        open = true;
        works.forEach(LeadershipGate::startQuietly);
    }

    @Override
    public synchronized void onStoppedLeading() {
        if (!open) {
            return;
        }
        open = false;
        for (int i = works.size() - 1; i >= 0; i--) {
            LeaderWork work = works.get(i);
            try {
                work.stop();
            } catch (RuntimeException e) {
                log.error("leader work {} failed to stop", work, e);
            }
        }
    }

    private static void startQuietly(LeaderWork work) {
        try {
            work.start();
        } catch (RuntimeException e) {
            log.error("leader work {} failed to start", work, e);
        }
    }
}
