package io.skiff.controllermanager.disruption;

/**
 * The scale a pod's controller asks for (the disruption controller's controllerAndScale).
 *
 * @param uid the controller's UID, so pods of one controller are counted once
 * @param replicas its spec.replicas
 */
record WorkloadScale(String uid, int replicas) {}
