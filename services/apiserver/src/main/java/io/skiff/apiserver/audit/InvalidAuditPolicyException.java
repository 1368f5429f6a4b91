package io.skiff.apiserver.audit;

/** The audit policy file cannot be used; the API server does not start with it. */
public final class InvalidAuditPolicyException extends RuntimeException {

    public InvalidAuditPolicyException(String message) {
        super(message);
    }
}
