package io.skiff.kubelet.envvars;

/** Go's {@code strconv.Quote} ({@code %q}): a double-quoted string with Go escapes. */
public final class GoQuote {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {}

    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        int i = 0;
        while (i < value.length()) {
            int rune = value.codePointAt(i);
            i += Character.charCount(rune);
            if (Character.isSurrogate((char) rune)) {
                // a lone surrogate is not valid text; Go writes such bytes as the replacement character
                rune = 0xFFFD;
            }
            appendRune(out, rune);
        }
        return out.append('"').toString();
    }

    private static void appendRune(StringBuilder out, int rune) {
        if (rune == '"' || rune == '\\') {
            out.append('\\').appendCodePoint(rune);
            return;
        }
        if (isPrint(rune)) {
            out.appendCodePoint(rune);
            return;
        }
        switch (rune) {
            case 0x07 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 0x0B -> out.append("\\v");
            default -> {
                if (rune < ' ' || rune == 0x7F) {
                    out.append("\\x").append(HEX[rune >> 4]).append(HEX[rune & 0xF]);
                } else if (rune < 0x10000) {
                    hex(out.append("\\u"), rune, 4);
                } else {
                    hex(out.append("\\U"), rune, 8);
                }
            }
        }
    }

    private static void hex(StringBuilder out, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(value >> shift) & 0xF]);
        }
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int rune) {
        if (rune == ' ') {
            return true;
        }
        return switch (Character.getType(rune)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
