package io.skiff.bench.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time from Linux /proc. A process is counted with all its live descendants, because the work
 * of one "server" is spread over several processes (PostgreSQL forks a backend per connection).
 */
final class ProcessCpu {

    /** /proc reports in USER_HZ, which the Linux ABI fixes at 100 on every architecture we run on. */
    static final double TICKS_PER_SECOND = 100.0;

    private static final Path PROC = Path.of("/proc");

    private ProcessCpu() {}

    /** Ticks of user and system time used so far by {@code rootPid} and its live descendants. */
    static long treeTicks(long rootPid) throws IOException {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] fields = statFields(entry.resolve("stat"));
                if (fields == null) {
                    continue;
                }
                long pid = Long.parseLong(name);
                // Counted from "state" (proc(5) field 3): ppid is field 4, utime and stime are fields 14 and 15.
                children.computeIfAbsent(Long.parseLong(fields[1]), p -> new ArrayList<>())
                        .add(pid);
                ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            }
        }
        long total = 0;
        Deque<Long> pending = new ArrayDeque<>(List.of(rootPid));
        while (!pending.isEmpty()) {
            long pid = pending.pop();
            total += ticks.getOrDefault(pid, 0L);
            pending.addAll(children.getOrDefault(pid, List.of()));
        }
        return total;
    }

    /** Busy and total ticks of the whole machine, all cores together. */
    static long[] machineTicks() throws IOException {
        String[] cpu = Files.readAllLines(PROC.resolve("stat")).get(0).trim().split("\\s+");
        long user = Long.parseLong(cpu[1]);
        long nice = Long.parseLong(cpu[2]);
        long system = Long.parseLong(cpu[3]);
        long idle = Long.parseLong(cpu[4]);
        long iowait = Long.parseLong(cpu[5]);
        long irq = Long.parseLong(cpu[6]);
        long softirq = Long.parseLong(cpu[7]);
        long steal = Long.parseLong(cpu[8]);
        long busy = user + nice + system + irq + softirq + steal;
        return new long[] {busy, busy + idle + iowait};
    }

    private static String[] statFields(Path stat) {
        try {
            String line = Files.readString(stat);
            // The command name may contain spaces and parentheses; it ends at the last ')'.
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null; // the process exited while we listed /proc
        }
    }
}
