/**
 * The in-tree scheduling plugins, one package each (they never import each other), and the two
 * places that name them: {@link io.skiff.scheduler.plugins.InTreeRegistry} (name to factory) and
 * {@link io.skiff.scheduler.plugins.DefaultProfile} (the default plugins and weights).
 */
package io.skiff.scheduler.plugins;
