package io.skiff.launcher;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Starting seven application contexts leaves the heap grown and mostly garbage. Once everything
 * runs, one full collection with a tight free ratio hands that memory back to the operating system
 * (idle RSS), then the JVM's ratios are put back so the heap grows and shrinks under load as it
 * would have. Does nothing when explicit collections are disabled or the ratios cannot be set.
 */
final class StartupGarbage {

    /** Free heap the collection leaves committed, as a share of the heap: little, the heap grows again on demand. */
    private static final String MIN_FREE_PERCENT = "10";

    private static final String MAX_FREE_PERCENT = "20";

    private StartupGarbage() {}

    static void release() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min;
        String max;
        try {
            min = hotspot.getVMOption("MinHeapFreeRatio").getValue();
            max = hotspot.getVMOption("MaxHeapFreeRatio").getValue();
            // Lower the minimum first and raise the maximum first after: min <= max at every step.
            hotspot.setVMOption("MinHeapFreeRatio", MIN_FREE_PERCENT);
            hotspot.setVMOption("MaxHeapFreeRatio", MAX_FREE_PERCENT);
        } catch (RuntimeException e) {
            System.gc();
            return;
        }
        try {
            System.gc();
        } finally {
            hotspot.setVMOption("MaxHeapFreeRatio", max);
            hotspot.setVMOption("MinHeapFreeRatio", min);
        }
    }
}
