package io.skiff.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Picks the node to preempt on among the candidates, as Kubernetes' pickOneNodeForPreemption: each
 * criterion in turn keeps only the best candidates, until one is left.
 *
 * <ol>
 *   <li>fewest PodDisruptionBudget violations;
 *   <li>lowest priority of the most important victim;
 *   <li>smallest sum of the victims' priorities;
 *   <li>fewest victims;
 *   <li>latest start of the most important victims (disturb the youngest work);
 *   <li>otherwise the first remaining candidate.
 * </ol>
 */
final class CandidatePicker {

    private CandidatePicker() {}

    static Candidate pick(List<Candidate> candidates, Instant now) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates");
        }
        List<ToLongFunction<Candidate>> criteria = List.of(
                c -> -c.victims().pdbViolations(),
                c -> -PodPriorities.priority(c.victims().pods().get(0)),
                c -> -sumOfPriorities(c),
                c -> -c.victims().pods().size(),
                c -> earliestStartOfMostImportant(c, now).toEpochMilli());
        List<Candidate> remaining = candidates;
        for (ToLongFunction<Candidate> criterion : criteria) {
            if (remaining.size() == 1) {
                break;
            }
            remaining = best(remaining, criterion);
        }
        return remaining.get(0);
    }

    private static List<Candidate> best(List<Candidate> candidates, ToLongFunction<Candidate> score) {
        long max = Long.MIN_VALUE;
        List<Candidate> best = new ArrayList<>();
        for (Candidate candidate : candidates) {
            long value = score.applyAsLong(candidate);
            if (value > max) {
                max = value;
                best.clear();
            }
            if (value == max) {
                best.add(candidate);
            }
        }
        return best;
    }

    /** Every priority shifted by 2^31 so that many negative-priority victims never look cheaper than few. */
    private static long sumOfPriorities(Candidate candidate) {
        long sum = 0;
        for (Pod pod : candidate.victims().pods()) {
            sum += (long) PodPriorities.priority(pod) + Integer.MAX_VALUE + 1L;
        }
        return sum;
    }

    /** The earliest start time among the victims of the highest priority (victims come most important first). */
    private static Instant earliestStartOfMostImportant(Candidate candidate, Instant now) {
        List<Pod> pods = candidate.victims().pods();
        int highest = PodPriorities.priority(pods.get(0));
        Instant earliest = PodPriorities.startTime(pods.get(0), now);
        for (Pod pod : pods) {
            int priority = PodPriorities.priority(pod);
            Instant start = PodPriorities.startTime(pod, now);
            if (priority == highest && start.isBefore(earliest)) {
                earliest = start;
            } else if (priority > highest) {
                highest = priority;
                earliest = start;
            }
        }
        return earliest;
    }
}
