package io.skiff.apiserver.authentication.tokenfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated records as Go's encoding/csv reads them (RFC 4180, any number of fields per
 * record): double-quoted fields may hold commas, line breaks and doubled quotes; empty lines are
 * skipped; a quote inside an unquoted field, or text after a closing quote, is an error that names
 * its line and column, in Go's words.
 */
final class CsvRecords {

    private CsvRecords() {}

    /** A record and the line it starts on. */
    record Record(int line, List<String> fields) {}

    static final class CsvException extends Exception {
        CsvException(String message) {
            super(message);
        }
    }

    static List<Record> parse(String text) throws CsvException {
        String input = text.replace("\r\n", "\n");
        List<Record> records = new ArrayList<>();
        int pos = 0;
        int line = 1;
        while (pos < input.length()) {
            if (input.charAt(pos) == '\n') {
                pos++;
                line++;
                continue;
            }
            int recordLine = line;
            List<String> fields = new ArrayList<>();
            while (true) {
                StringBuilder field = new StringBuilder();
                int fieldStart = pos;
                int lineStart = input.lastIndexOf('\n', pos - 1) + 1;
                if (pos < input.length() && input.charAt(pos) == '"') {
                    int quoteLine = line;
                    pos++;
                    while (true) {
                        if (pos >= input.length()) {
                            throw error(
                                    recordLine,
                                    quoteLine,
                                    fieldStart - lineStart + 1,
                                    "extraneous or missing \" in quoted-field");
                        }
                        char c = input.charAt(pos);
                        if (c == '"') {
                            if (pos + 1 < input.length() && input.charAt(pos + 1) == '"') {
                                field.append('"');
                                pos += 2;
                                continue;
                            }
                            pos++;
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                        pos++;
                    }
                    if (pos < input.length() && input.charAt(pos) != ',' && input.charAt(pos) != '\n') {
                        int column = pos - (input.lastIndexOf('\n', pos - 1) + 1) + 1;
                        throw error(recordLine, line, column, "extraneous or missing \" in quoted-field");
                    }
                } else {
                    while (pos < input.length() && input.charAt(pos) != ',' && input.charAt(pos) != '\n') {
                        char c = input.charAt(pos);
                        if (c == '"') {
                            throw error(recordLine, line, pos - lineStart + 1, "bare \" in non-quoted-field");
                        }
                        field.append(c);
                        pos++;
                    }
                }
                fields.add(field.toString());
                if (pos < input.length() && input.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                if (pos < input.length()) {
                    pos++; // the record's line break
                    line++;
                }
                break;
            }
            records.add(new Record(recordLine, fields));
        }
        return records;
    }

    private static CsvException error(int recordLine, int line, int column, String what) {
        String where = "parse error on line " + line + ", column " + column + ": " + what;
        return new CsvException(recordLine == line ? where : "record on line " + recordLine + "; " + where);
    }
}
