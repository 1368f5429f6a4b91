/**
 * VolumeBinding, the part Skiff needs: pods whose PersistentVolumeClaims are bound only go to nodes
 * their volumes' node affinity allows; unbound claims that bind immediately, missing claims and
 * claims being deleted keep the pod pending, as Kubernetes' volumebinding plugin reports them.
 */
package io.skiff.scheduler.plugins.volumebinding;
