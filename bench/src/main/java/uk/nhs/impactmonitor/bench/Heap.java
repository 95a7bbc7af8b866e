package uk.nhs.impactmonitor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Heap of this JVM. */
final class Heap {

    private Heap() {
    }

    /** Heap used after asking for a full collection twice (System.gc is a full, stop-the-world GC on G1 by default). */
    static long usedAfterGc() {
        System.gc();
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }
}
