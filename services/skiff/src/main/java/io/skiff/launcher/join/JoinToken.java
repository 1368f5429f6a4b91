package io.skiff.launcher.join;

import io.skiff.apiserver.pki.PublicKeyPin;
import io.skiff.model.bootstrap.BootstrapTokenApi;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node join token in the bootstrap token format kubeadm issues: {@code <token-id>.<token-secret>},
 * six and sixteen characters of {@code [a-z0-9]}. The id may be shown and names the token's Secret
 * ({@code kube-system/bootstrap-token-<id>}); the secret is what proves the holder.
 *
 * <p>In k3s's secure form, {@code K10<sha256 hex>::<token-id>.<token-secret>}, it also carries the
 * cluster CA's public-key pin ({@link #authority}), so that a node reaching the server over HTTPS
 * can trust the CA the server shows it without being handed the CA first.
 *
 * @param authority the cluster CA's pin; null for a token in the bare form
 */
public record JoinToken(String id, String secret, PublicKeyPin authority) {

    private static final Pattern FORMAT = BootstrapTokenApi.TOKEN;
    /** k3s's secure form: the CA's pin, then the bootstrap token. */
    private static final Pattern SECURE_FORMAT = Pattern.compile("^K10([0-9a-f]{64})::(.*)$");

    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The format a user is told about when a token does not parse. */
    public static final String FORMAT_DESCRIPTION =
            "K10<CA hash>::[a-z0-9]{6}.[a-z0-9]{16} or [a-z0-9]{6}.[a-z0-9]{16}";

    public JoinToken {
        if (!FORMAT.matcher(id + "." + secret).matches()) {
            throw new IllegalArgumentException("a join token has the form " + FORMAT_DESCRIPTION);
        }
    }

    /** A token in the bare form, without the CA's pin. */
    public JoinToken(String id, String secret) {
        this(id, secret, null);
    }

    /** A new token, each character drawn uniformly from {@code [a-z0-9]} by a SecureRandom. */
    public static JoinToken generate() {
        return new JoinToken(random(6), random(16));
    }

    /** The token in {@code text} (surrounding white space ignored); the message never echoes it. */
    public static JoinToken parse(String text) {
        String stripped = text == null ? "" : text.strip();
        Matcher secure = SECURE_FORMAT.matcher(stripped);
        if (secure.matches()) {
            Matcher token = FORMAT.matcher(secure.group(2));
            if (token.matches()) {
                return new JoinToken(token.group(1), token.group(2), new PublicKeyPin(secure.group(1)));
            }
        }
        Matcher matcher = FORMAT.matcher(stripped);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a join token: expected the form " + FORMAT_DESCRIPTION);
        }
        return new JoinToken(matcher.group(1), matcher.group(2));
    }

    /** This token carrying {@code pin} as the cluster CA's. */
    public JoinToken pinnedTo(PublicKeyPin pin) {
        return new JoinToken(id, secret, pin);
    }

    /** The name of the Secret that holds this token in kube-system. */
    public String secretName() {
        return BootstrapTokenSecret.NAME_PREFIX + id;
    }

    /** Whether {@code candidate} is this token's secret, compared in constant time. */
    public boolean secretMatches(String candidate) {
        return candidate != null
                && MessageDigest.isEqual(
                        secret.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code <id>.<secret>}: the bootstrap token, sent as the bearer token. */
    public String value() {
        return id + "." + secret;
    }

    /** The secure form when the token carries the CA's pin, else the bare one: what {@code --token} takes. */
    public String joinValue() {
        return authority == null ? value() : "K10" + authority.sha256Hex() + "::" + value();
    }

    /** Only the id: the secret must not reach logs. */
    @Override
    public String toString() {
        return id + ".<secret>";
    }

    private static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
