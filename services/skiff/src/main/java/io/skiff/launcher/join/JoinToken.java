package io.skiff.launcher.join;

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
 */
public record JoinToken(String id, String secret) {

    private static final Pattern FORMAT = BootstrapTokenApi.TOKEN;
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The format a user is told about when a token does not parse. */
    public static final String FORMAT_DESCRIPTION = "[a-z0-9]{6}.[a-z0-9]{16}";

    public JoinToken {
        if (!FORMAT.matcher(id + "." + secret).matches()) {
            throw new IllegalArgumentException("a join token has the form " + FORMAT_DESCRIPTION);
        }
    }

    /** A new token, each character drawn uniformly from {@code [a-z0-9]} by a SecureRandom. */
    public static JoinToken generate() {
        return new JoinToken(random(6), random(16));
    }

    /** The token in {@code text} (surrounding white space ignored); the message never echoes it. */
    public static JoinToken parse(String text) {
        Matcher matcher = FORMAT.matcher(text == null ? "" : text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a join token: expected the form " + FORMAT_DESCRIPTION);
        }
        return new JoinToken(matcher.group(1), matcher.group(2));
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

    /** {@code <id>.<secret>}, as it is written to the token file and given to {@code --token}. */
    public String value() {
        return id + "." + secret;
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
