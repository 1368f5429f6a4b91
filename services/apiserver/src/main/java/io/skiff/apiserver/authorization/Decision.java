package io.skiff.apiserver.authorization;

/**
 * An authorizer's answer, as Kubernetes' (Decision, reason): allow, deny, or no opinion (the next
 * authorizer decides), with a reason a denial carries into its message.
 */
public record Decision(Kind kind, String reason) {

    public enum Kind {
        ALLOW,
        DENY,
        NO_OPINION
    }

    public static final Decision ALLOW = new Decision(Kind.ALLOW, "");
    public static final Decision NO_OPINION = new Decision(Kind.NO_OPINION, "");

    public Decision {
        reason = reason == null ? "" : reason;
    }

    public static Decision allow(String reason) {
        return new Decision(Kind.ALLOW, reason);
    }

    public static Decision deny(String reason) {
        return new Decision(Kind.DENY, reason);
    }

    public static Decision noOpinion(String reason) {
        return new Decision(Kind.NO_OPINION, reason);
    }

    public boolean allowed() {
        return kind == Kind.ALLOW;
    }

    public boolean denied() {
        return kind == Kind.DENY;
    }
}
