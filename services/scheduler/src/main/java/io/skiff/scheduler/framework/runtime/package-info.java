/**
 * The framework engine, kept apart from the plugin API: merging a profile's plugin configuration
 * over the defaults and expanding MultiPoint, instantiating plugins from the registry, and running
 * the extension points in order ({@link io.skiff.scheduler.framework.runtime.FrameworkRunner}).
 */
package io.skiff.scheduler.framework.runtime;
