package io.skiff.apiserver.printing;

/**
 * A meta.k8s.io/v1 TableColumnDefinition. Priority 0 columns are what {@code kubectl get} shows;
 * priority 1 columns only appear with {@code -o wide}. The server always fills both, as Kubernetes
 * prints server-side tables in wide mode and lets the client pick.
 *
 * @param type an OpenAPI type: string, integer, number, boolean or date
 * @param format an OpenAPI format; "name" marks the column that holds the object's name
 */
record Column(String name, String type, String format, String description, int priority) {

    /** The NAME column, which the "name" format marks as holding the object's name. */
    static Column objectName() {
        return new Column("Name", "string", "name", FieldDocs.OBJECT_META_NAME, 0);
    }

    static Column age() {
        return string("Age", FieldDocs.OBJECT_META_CREATION_TIMESTAMP);
    }

    static Column string(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    static Column bool(String name, String description) {
        return new Column(name, "boolean", "", description, 0);
    }

    /** The wide CONTAINERS column of workloads, naming their pod template's containers. */
    static Column containers() {
        return string("Containers", "Names of each container in the template.").wide();
    }

    /** The wide IMAGES column of workloads, listing their pod template's images. */
    static Column images() {
        return string("Images", "Images referenced by each container in the template.")
                .wide();
    }

    /** This column shown only with {@code -o wide}. */
    Column wide() {
        return new Column(name, type, format, description, 1);
    }
}
