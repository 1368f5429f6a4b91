/**
 * The scheduler's view of nodes and the pods counted against them, including assumed pods (chosen
 * for a node but not yet confirmed bound), and the incremental copy of it each scheduling cycle
 * works on.
 */
package io.skiff.scheduler.cache;
