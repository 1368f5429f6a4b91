package io.skiff.apiserver.backup;

/**
 * The backup file: gzip-compressed JSON lines, readable with {@code zcat FILE | jq}. The first line
 * describes the snapshot, then one line per stored object, one per allocation, and a last line
 * that marks the end, so a cut-off file is told apart from a complete one:
 *
 * <pre>
 * {"apiVersion":"skiff.io/v1","kind":"RegistryBackup","revision":812,"created":"…","objects":57,"allocations":4}
 * {"resource":"configmaps","namespace":"default","name":"app","revision":640,"object":{…}}
 * {"resource":"secrets","namespace":"default","name":"db","revision":700,"encrypted":"azhzOmVuYzphZXNnY206djE6…"}
 * {"pool":"serviceips","value":"10.96.0.1","owner":"…uid…"}
 * {"end":true,"objects":57,"allocations":4}
 * </pre>
 *
 * <p>An object encrypted at rest is kept encrypted: its stored bytes, base64, under {@code
 * "encrypted"} (as an etcd snapshot of Kubernetes keeps them). Restoring it needs the API servers to
 * have the key it was encrypted with, so keep old keys as long as backups made with them.
 */
final class BackupFormat {

    static final String API_VERSION = "skiff.io/v1";
    static final String KIND = "RegistryBackup";
    static final String ENCRYPTED = "encrypted";

    /** Encrypted stored values start with Kubernetes' {@code k8s:enc:} mark, JSON never does. */
    static boolean isEncrypted(byte[] stored) {
        return stored.length > 0 && stored[0] == 'k';
    }

    private BackupFormat() {}
}
