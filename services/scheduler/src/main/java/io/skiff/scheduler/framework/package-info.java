/**
 * The scheduling framework's public API, after Kubernetes' scheduler framework: one small interface
 * per extension point ({@link io.skiff.scheduler.framework.PreFilter}, {@link
 * io.skiff.scheduler.framework.Filter}, {@link io.skiff.scheduler.framework.Score}, ...), the typed
 * per-cycle state ({@link io.skiff.scheduler.framework.CycleState}, {@link
 * io.skiff.scheduler.framework.StateKey}), {@link io.skiff.scheduler.framework.Status}, the cluster
 * model plugins read ({@link io.skiff.scheduler.framework.NodeInfo}, {@link
 * io.skiff.scheduler.framework.Snapshot}), and profile configuration with the plugin registry.
 * Plugins depend on this package only, never on each other.
 */
package io.skiff.scheduler.framework;
