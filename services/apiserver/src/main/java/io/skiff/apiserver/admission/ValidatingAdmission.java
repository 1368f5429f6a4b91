package io.skiff.apiserver.admission;

/** A plugin that accepts or refuses the object as it will be stored, as admission.ValidationInterface. */
public interface ValidatingAdmission extends AdmissionPlugin {

    /** Refuses the request by throwing an {@link io.skiff.model.api.ApiException}; never changes it. */
    void validate(Attributes attributes);
}
