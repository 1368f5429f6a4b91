package io.skiff.apiserver.admission;

/** A plugin that may change the object, as admission.MutationInterface. */
public interface MutatingAdmission extends AdmissionPlugin {

    /**
     * Changes {@link Attributes#object()} in place, or refuses the request by throwing an {@link
     * io.skiff.model.api.ApiException}.
     */
    void admit(Attributes attributes);
}
