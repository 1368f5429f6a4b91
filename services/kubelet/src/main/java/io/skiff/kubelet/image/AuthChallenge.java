package io.skiff.kubelet.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header: {@code Bearer realm="...",service="...",
 * scope="..."} or {@code Basic realm="..."}.
 *
 * @param scheme lowercase: "bearer", "basic", ...
 * @param parameters parameter names lowercase
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

    AuthChallenge {
        parameters = Map.copyOf(parameters);
    }

    String parameter(String name) {
        return parameters.getOrDefault(name, "");
    }

    /** The challenges in the given header values, in order; malformed parts are skipped. */
    static List<AuthChallenge> parse(List<String> headerValues) {
        List<AuthChallenge> challenges = new ArrayList<>();
        for (String header : headerValues) {
            parseHeader(header, challenges);
        }
        return challenges;
    }

    private static void parseHeader(String header, List<AuthChallenge> challenges) {
        int i = 0;
        int n = header.length();
        String scheme = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        while (i < n) {
            i = skip(header, i, " \t,");
            if (i >= n) {
                break;
            }
            int tokenEnd = tokenEnd(header, i);
            if (tokenEnd == i) {
                i++;
                continue;
            }
            String token = header.substring(i, tokenEnd);
            int after = skip(header, tokenEnd, " \t");
            if (scheme != null && after < n && header.charAt(after) == '=') {
                int valueStart = skip(header, after + 1, " \t");
                StringBuilder value = new StringBuilder();
                if (valueStart < n && header.charAt(valueStart) == '"') {
                    int j = valueStart + 1;
                    while (j < n && header.charAt(j) != '"') {
                        if (header.charAt(j) == '\\' && j + 1 < n) {
                            j++;
                        }
                        value.append(header.charAt(j));
                        j++;
                    }
                    i = Math.min(n, j + 1);
                } else {
                    int j = tokenEnd(header, valueStart);
                    value.append(header, valueStart, j);
                    i = j;
                }
                parameters.put(token.toLowerCase(Locale.ROOT), value.toString());
            } else {
                if (scheme != null) {
                    challenges.add(new AuthChallenge(scheme, parameters));
                    parameters = new LinkedHashMap<>();
                }
                scheme = token.toLowerCase(Locale.ROOT);
                i = tokenEnd;
            }
        }
        if (scheme != null) {
            challenges.add(new AuthChallenge(scheme, parameters));
        }
    }

    private static int skip(String s, int i, String characters) {
        while (i < s.length() && characters.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String s, int i) {
        while (i < s.length() && " \t,=\"".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }
}
