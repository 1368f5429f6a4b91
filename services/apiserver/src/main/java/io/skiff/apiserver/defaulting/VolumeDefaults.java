package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Defaults of volume sources, in pod specs and in PersistentVolumes. */
final class VolumeDefaults {

    /** The VolumeSource members of core/v1 (1.32); a volume naming none of them becomes an emptyDir. */
    private static final List<String> VOLUME_SOURCES = List.of(
            "hostPath",
            "emptyDir",
            "gcePersistentDisk",
            "awsElasticBlockStore",
            "gitRepo",
            "secret",
            "nfs",
            "iscsi",
            "glusterfs",
            "persistentVolumeClaim",
            "rbd",
            "flexVolume",
            "cinder",
            "cephfs",
            "flocker",
            "downwardAPI",
            "fc",
            "azureFile",
            "configMap",
            "vsphereVolume",
            "quobyte",
            "azureDisk",
            "photonPersistentDisk",
            "projected",
            "portworxVolume",
            "scaleIO",
            "storageos",
            "csi",
            "ephemeral",
            "image");

    /** 0644, the default file mode of secret, configMap, downwardAPI and projected volumes. */
    private static final int DEFAULT_MODE = 420;

    private static final int TOKEN_EXPIRATION_SECONDS = 3600;

    private VolumeDefaults() {}

    static void volume(ObjectNode volume) {
        if (VOLUME_SOURCES.stream().allMatch(source -> Json.isNull(volume, source))) {
            volume.putObject("emptyDir");
        }
        Quantities.single(Json.child(volume, "emptyDir"), "sizeLimit");
        Json.putIfNull(Json.child(volume, "secret"), "defaultMode", DEFAULT_MODE);
        Json.putIfNull(Json.child(volume, "configMap"), "defaultMode", DEFAULT_MODE);
        ObjectNode downwardApi = Json.child(volume, "downwardAPI");
        Json.putIfNull(downwardApi, "defaultMode", DEFAULT_MODE);
        downwardApiItems(downwardApi);
        ObjectNode projected = Json.child(volume, "projected");
        Json.putIfNull(projected, "defaultMode", DEFAULT_MODE);
        for (ObjectNode source : Json.items(projected, "sources")) {
            downwardApiItems(Json.child(source, "downwardAPI"));
            Json.putIfNull(Json.child(source, "serviceAccountToken"), "expirationSeconds", TOKEN_EXPIRATION_SECONDS);
        }
        ObjectNode claimTemplate = Json.child(Json.child(volume, "ephemeral"), "volumeClaimTemplate");
        if (claimTemplate != null) {
            GoEncoding.embeddedMetadata(claimTemplate);
            claimSpec(Json.child(claimTemplate, "spec"));
        }
        pluginSources(volume);
    }

    /** SetDefaults_PersistentVolumeClaimSpec plus the always-written resources struct. */
    static void claimSpec(ObjectNode spec) {
        if (spec == null) {
            return;
        }
        Json.putIfNull(spec, "volumeMode", "Filesystem");
        ObjectNode resources = GoEncoding.struct(spec, "resources");
        if (resources != null) {
            Quantities.requirements(resources);
        }
    }

    private static void downwardApiItems(ObjectNode downwardApi) {
        for (ObjectNode item : Json.items(downwardApi, "items")) {
            PodDefaults.fieldRef(Json.child(item, "fieldRef"));
        }
    }

    /**
     * Declarative (+default) and SetDefaults_* defaults of in-tree volume plugins, shared by pod
     * volumes and PersistentVolume specs.
     */
    static void pluginSources(ObjectNode holder) {
        Json.putIfNull(Json.child(holder, "hostPath"), "type", "");
        Json.putIfZero(Json.child(holder, "iscsi"), "iscsiInterface", "default");
        ObjectNode rbd = Json.child(holder, "rbd");
        Json.putIfZero(rbd, "pool", "rbd");
        Json.putIfZero(rbd, "user", "admin");
        Json.putIfZero(rbd, "keyring", "/etc/ceph/keyring");
        ObjectNode azureDisk = Json.child(holder, "azureDisk");
        Json.putIfNull(azureDisk, "cachingMode", "ReadWrite");
        Json.putIfNull(azureDisk, "fsType", "ext4");
        Json.putIfNull(azureDisk, "readOnly", false);
        Json.putIfNull(azureDisk, "kind", "Shared");
        ObjectNode scaleIo = Json.child(holder, "scaleIO");
        Json.putIfZero(scaleIo, "storageMode", "ThinProvisioned");
        Json.putIfZero(scaleIo, "fsType", "xfs");
    }
}
