package io.skiff.controllermanager.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A set of completion indexes as sorted, disjoint intervals (indexed_job_utils.go orderedIntervals),
 * written as status.completedIndexes writes them: "1,3-5", with two adjacent indexes as "1,2".
 * Immutable.
 */
final class CompletedIndexes {

    private record Interval(int first, int last) {}

    private static final CompletedIndexes EMPTY = new CompletedIndexes(List.of());

    private final List<Interval> intervals;

    private CompletedIndexes(List<Interval> intervals) {
        this.intervals = List.copyOf(intervals);
    }

    static CompletedIndexes empty() {
        return EMPTY;
    }

    /**
     * The indexes {@code text} lists, below {@code completions}; malformed or out-of-order parts are
     * skipped, as the controller skips them rather than failing the Job.
     */
    static CompletedIndexes parse(String text, int completions) {
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        List<Interval> result = new ArrayList<>();
        for (String part : text.split(",")) {
            int dash = part.indexOf('-');
            int first;
            int last;
            try {
                first = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            if (first < 0 || last < first || first >= completions) {
                continue;
            }
            last = Math.min(last, completions - 1);
            if (!result.isEmpty()) {
                Interval previous = result.get(result.size() - 1);
                if (first <= previous.last()) {
                    continue;
                }
                if (first == previous.last() + 1) {
                    result.set(result.size() - 1, new Interval(previous.first(), last));
                    continue;
                }
            }
            result.add(new Interval(first, last));
        }
        return new CompletedIndexes(result);
    }

    /** These indexes plus {@code indexes}, merged into the fewest intervals. */
    CompletedIndexes with(Collection<Integer> indexes) {
        if (indexes.isEmpty()) {
            return this;
        }
        SortedSet<Integer> all = new TreeSet<>(indexes);
        for (Interval interval : intervals) {
            for (int i = interval.first(); i <= interval.last(); i++) {
                all.add(i);
            }
        }
        List<Interval> result = new ArrayList<>();
        for (int index : all) {
            if (!result.isEmpty() && result.get(result.size() - 1).last() + 1 == index) {
                Interval previous = result.remove(result.size() - 1);
                result.add(new Interval(previous.first(), index));
            } else {
                result.add(new Interval(index, index));
            }
        }
        return new CompletedIndexes(result);
    }

    boolean has(int index) {
        for (Interval interval : intervals) {
            if (index < interval.first()) {
                return false;
            }
            if (index <= interval.last()) {
                return true;
            }
        }
        return false;
    }

    int total() {
        int total = 0;
        for (Interval interval : intervals) {
            total += interval.last() - interval.first() + 1;
        }
        return total;
    }

    /**
     * The lowest {@code count} indexes below {@code completions} that are neither in this set nor in
     * {@code busy} (indexes that have a pod running), in ascending order (firstPendingIndexes).
     */
    List<Integer> firstPending(Collection<Integer> busy, int count, int completions) {
        List<Integer> result = new ArrayList<>();
        CompletedIndexes nonPending = with(busy);
        for (int candidate = 0; candidate < completions && result.size() < count; candidate++) {
            if (!nonPending.has(candidate)) {
                result.add(candidate);
            }
        }
        return result;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Interval interval : intervals) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(interval.first());
            if (interval.last() > interval.first()) {
                text.append(interval.last() == interval.first() + 1 ? ',' : '-');
                text.append(interval.last());
            }
        }
        return text.toString();
    }
}
