package io.skiff.apiserver.backup;

/**
 * The backup file: gzip-compressed JSON lines, readable with {@code zcat FILE | jq}. The first line
 * describes the snapshot, then one line per stored object, one per allocation, and a last line
 * that marks the end, so a cut-off file is told apart from a complete one:
 *
 * <pre>
 * {"apiVersion":"skiff.io/v1","kind":"RegistryBackup","revision":812,"created":"…","objects":57,"allocations":4}
 * {"resource":"configmaps","namespace":"default","name":"app","revision":640,"object":{…}}
 * {"pool":"serviceips","value":"10.96.0.1","owner":"…uid…"}
 * {"end":true,"objects":57,"allocations":4}
 * </pre>
 */
final class BackupFormat {

    static final String API_VERSION = "skiff.io/v1";
    static final String KIND = "RegistryBackup";

    private BackupFormat() {}
}
