package io.skiff.scheduler.framework;

/** Builds one plugin instance for one profile from its arguments and the framework handle. */
@FunctionalInterface
public interface PluginFactory {

    /**
     * @throws IllegalArgumentException when the arguments are invalid
     */
    Plugin create(PluginArgs args, Handle handle);
}
