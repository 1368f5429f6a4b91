package io.skiff.apiserver.admission;

/**
 * An admission plugin, as admission.Interface. It also implements {@link MutatingAdmission}, {@link
 * ValidatingAdmission} or both.
 */
public interface AdmissionPlugin {

    /** The name used to enable or disable it, as kube-apiserver's --enable-admission-plugins. */
    String name();

    /** Whether the plugin wants to see requests making this kind of write. */
    boolean handles(Operation operation);

    /**
     * Whether admitting this request may read the database rather than only the watch cache (a
     * blocking read); the registry then runs admission off the request's event-loop thread.
     */
    default boolean readsStorage(Attributes attributes) {
        return false;
    }
}
