package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.history.ControllerRevisions;
import io.skiff.controllermanager.history.RevisionHistory;
import io.skiff.controllermanager.history.RevisionWrites;
import io.skiff.controllermanager.ownership.ControllerClaims;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.selector.SelectorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one StatefulSet (stateful_set.go sync, stateful_set_control.go UpdateStatefulSet):
 * claim its revisions and the pods named after it, resolve the current and update revisions, drive
 * the pods, write the status, and keep the revision history within its limit.
 */
final class StatefulSetSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(StatefulSetSync.class);

    private final Lister<StatefulSet> sets;
    private final Lister<Pod> pods;
    private final Lister<ControllerRevision> revisions;
    private final RevisionHistory history;
    private final StatefulSetRevisions setRevisions;
    private final StatefulSetUpdate update;
    private final StatefulSetStatuses statuses;
    private final ControllerClaims<Pod> claims;

    StatefulSetSync(
            Lister<StatefulSet> sets,
            Lister<Pod> pods,
            Lister<ControllerRevision> revisions,
            RevisionWrites revisionWrites,
            StatefulSetControl control,
            StatefulSetUpdate update,
            Duration timeout) {
        this.sets = sets;
        this.pods = pods;
        this.revisions = revisions;
        this.history = new RevisionHistory(revisionWrites, control::freshOwner, timeout);
        this.setRevisions = new StatefulSetRevisions(history);
        this.update = update;
        this.statuses = new StatefulSetStatuses(control, timeout);
        this.claims = new ControllerClaims<>(control, timeout);
    }

    @Override
    public Result sync(String key) throws Exception {
        Optional<StatefulSet> cached = sets.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (cached.isEmpty()) {
            return Result.done();
        }
        StatefulSet set = cached.get();
        LabelSelector selector;
        try {
            selector = LabelSelector.fromApi(set.getSpec().getSelector());
        } catch (SelectorException e) {
            // Not transient: retrying cannot help until the set changes.
            log.warn("statefulset-controller: {} has an invalid selector: {}", key, e.getMessage());
            return Result.done();
        }
        String namespace = set.getMetadata().getNamespace();
        List<ControllerRevision> owned =
                new ArrayList<>(history.claim(set, selector, revisions.list(namespace, LabelSelector.everything())));
        owned.sort(ControllerRevisions.byRevision());
        List<Pod> members = claims.claim(
                set,
                selector,
                pod -> StatefulPods.isMemberOf(set, pod),
                pods.list(namespace, LabelSelector.everything()),
                pod -> true);

        StatefulSetRevisions.Pair pair = null;
        RuntimeException failure = null;
        StatefulSetUpdate.Outcome outcome = null;
        try {
            pair = setRevisions.resolve(set, owned);
            outcome = update.update(set, pair, members);
            failure = outcome.failure();
            try {
                statuses.write(set, outcome.status());
            } catch (RuntimeException statusFailure) {
                if (failure == null) {
                    failure = statusFailure;
                } else {
                    log.warn(
                            "statefulset-controller: could not update the status of {}: {}",
                            key,
                            statusFailure.getMessage());
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            setRevisions.truncate(set, members, owned, pair);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        int minReadySeconds =
                set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
        if (minReadySeconds > 0
                && outcome != null
                && outcome.status().getAvailableReplicas() != StatefulPods.replicas(set)) {
            // Pods become available by the clock alone: no watch event will say so.
            return Result.requeueAfter(Duration.ofSeconds(minReadySeconds));
        }
        return Result.done();
    }
}
