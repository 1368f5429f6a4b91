package io.skiff.apiserver.storage;

import java.util.List;

/** Hears of the changes this process committed, right after the commit. */
public interface CommitListener {

    /**
     * @param previousRevision the global revision before this commit: every change up to it was
     *     committed earlier, by this process or another
     * @param changes the committed changes in revision order
     */
    void committed(long previousRevision, List<Change> changes);
}
