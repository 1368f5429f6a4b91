/**
 * The in-tree scheduling plugins, one package each (they never import each other), and the
 * profile defaults that name them: {@link io.skiff.scheduler.plugins.DefaultProfile} and the
 * registry entries of the plugins built here, {@link io.skiff.scheduler.plugins.AdvancedPlugins}.
 */
package io.skiff.scheduler.plugins;
