package io.skiff.scheduler.framework;

/**
 * A scheduling plugin: a named unit of policy that implements one or more extension-point
 * interfaces ({@link PreFilter}, {@link Filter}, {@link Score}, ...). A plugin instance belongs to
 * one profile and may be called from several threads at once (filters and scores run in parallel
 * over nodes), so per-pod data lives in the {@link CycleState}, never in fields.
 */
public interface Plugin {

    /** The plugin's name, as used in profiles and in failure statuses; one of {@link Plugins}. */
    String name();
}
