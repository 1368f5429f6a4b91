/**
 * Backup and restore of the registry: a consistent snapshot of every stored object and allocation
 * to a file, and back into a datastore ({@code skiff backup} / {@code skiff restore}).
 */
package io.skiff.apiserver.backup;
