package io.skiff.apiserver.authentication.tokenfile;

import io.skiff.apiserver.authentication.TokenAuthenticator;
import io.skiff.apiserver.authentication.TokenOutcome;
import io.skiff.apiserver.authentication.UserInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's --token-auth-file: a CSV file of {@code token,user,uid[,"group1,group2"]}, read
 * once at start. As Kubernetes: at least three columns, a record with an empty token is skipped,
 * a token listed twice keeps its last line (both with a warning), extra columns are ignored.
 */
public final class StaticTokenFile implements TokenAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(StaticTokenFile.class);

    private final Map<String, UserInfo> users;

    private StaticTokenFile(Map<String, UserInfo> users) {
        this.users = Map.copyOf(users);
    }

    /** Reads the file; a missing or malformed one is an {@link InvalidTokenFileException}. */
    public static StaticTokenFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidTokenFileException("cannot read token file '" + file + "': " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    static StaticTokenFile parse(String name, String text) {
        List<CsvRecords.Record> records;
        try {
            records = CsvRecords.parse(text);
        } catch (CsvRecords.CsvException e) {
            throw new InvalidTokenFileException("token file '" + name + "': " + e.getMessage(), e);
        }
        Map<String, UserInfo> users = new HashMap<>();
        int recordNumber = 0;
        for (CsvRecords.Record record : records) {
            List<String> fields = record.fields();
            if (fields.size() < 3) {
                throw new InvalidTokenFileException("token file '" + name
                        + "' must have at least 3 columns (token, user name, user uid), found " + fields.size()
                        + " on line " + record.line());
            }
            recordNumber++;
            String token = fields.get(0);
            if (token.isEmpty()) {
                log.warn("empty token has been found in token file '{}', record number '{}'", name, recordNumber);
                continue;
            }
            List<String> groups =
                    fields.size() >= 4 ? Arrays.asList(fields.get(3).split(",", -1)) : List.of();
            UserInfo user = new UserInfo(fields.get(1), fields.get(2), groups);
            if (users.put(token, user) != null) {
                log.warn("duplicate token has been found in token file '{}', record number '{}'", name, recordNumber);
            }
        }
        return new StaticTokenFile(users);
    }

    @Override
    public TokenOutcome authenticate(String token, List<String> audiences) {
        UserInfo user = users.get(token);
        return user == null ? TokenOutcome.unknown() : TokenOutcome.accepted(user, audiences);
    }

    /** How many tokens the file defines. */
    public int size() {
        return users.size();
    }

    /** The token file could not be used; the API server does not start. */
    public static final class InvalidTokenFileException extends RuntimeException {
        InvalidTokenFileException(String message, Throwable cause) {
            super(message, cause);
        }

        InvalidTokenFileException(String message) {
            super(message);
        }
    }
}
