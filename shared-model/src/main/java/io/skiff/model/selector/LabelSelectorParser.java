package io.skiff.model.selector;

import io.skiff.model.selector.LabelRequirement.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * apimachinery's label selector grammar (labels.Parse), token for token, so that every selector
 * kubectl and client libraries send is read as Kubernetes reads it and every rejection carries
 * Kubernetes' message.
 *
 * <pre>
 *  selector    ::= requirement | requirement "," selector
 *  requirement ::= [!] KEY [ set-based | exact-match | ("&gt;"|"&lt;") VALUE ]
 *  set-based   ::= ("in" | "notin") "(" VALUE ("," VALUE)* ")"
 *  exact-match ::= ("=" | "==" | "!=") VALUE
 * </pre>
 *
 * Values may be empty ({@code a=}, {@code a in (,b)}, {@code a notin ()}); whitespace separates
 * tokens and is otherwise ignored.
 */
final class LabelSelectorParser {

    private enum Token {
        END_OF_STRING(""),
        CLOSED_PAR(")"),
        COMMA(","),
        DOES_NOT_EXIST("!"),
        DOUBLE_EQUALS("=="),
        EQUALS("="),
        GREATER_THAN(">"),
        IDENTIFIER(null),
        IN("in"),
        LESS_THAN("<"),
        NOT_EQUALS("!="),
        NOT_IN("notin"),
        OPEN_PAR("(");

        private final String literal;

        Token(String literal) {
            this.literal = literal;
        }

        static Token forLiteral(String text) {
            for (Token token : values()) {
                if (token != END_OF_STRING && text.equals(token.literal)) {
                    return token;
                }
            }
            return null;
        }
    }

    private record Item(Token token, String literal) {}

    /** Keywords are only keywords where an operator may stand; as values they are plain words. */
    private enum Context {
        KEY_AND_OPERATOR,
        VALUES
    }

    private final List<Item> items;
    private int position;

    private LabelSelectorParser(String selector) {
        this.items = new Lexer(selector).scanAll();
    }

    /** The requirements of a selector in the order written; empty for an empty selector. */
    static List<LabelRequirement> parse(String selector) {
        return new LabelSelectorParser(selector).requirements();
    }

    private List<LabelRequirement> requirements() {
        List<LabelRequirement> requirements = new ArrayList<>();
        while (true) {
            Item next = lookahead(Context.VALUES);
            switch (next.token()) {
                case IDENTIFIER, DOES_NOT_EXIST -> {
                    requirements.add(requirement());
                    Item after = consume(Context.VALUES);
                    switch (after.token()) {
                        case END_OF_STRING -> {
                            return requirements;
                        }
                        case COMMA -> {
                            Item following = lookahead(Context.VALUES);
                            if (following.token() != Token.IDENTIFIER && following.token() != Token.DOES_NOT_EXIST) {
                                throw error("found '" + following.literal() + "', expected: identifier after ','");
                            }
                        }
                        default -> throw error("found '" + after.literal() + "', expected: ',' or 'end of string'");
                    }
                }
                case END_OF_STRING -> {
                    return requirements;
                }
                default -> throw error("found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement requirement() {
        try {
            Operator operator = null;
            Item keyItem = consume(Context.VALUES);
            if (keyItem.token() == Token.DOES_NOT_EXIST) {
                operator = Operator.DOES_NOT_EXIST;
                keyItem = consume(Context.VALUES);
            }
            if (keyItem.token() != Token.IDENTIFIER) {
                throw error("found '" + keyItem.literal() + "', expected: identifier");
            }
            String key = keyItem.literal();
            List<String> keyErrors = LabelSyntax.keyErrors(key);
            if (!keyErrors.isEmpty()) {
                // Kubernetes validates the bare key with a nil field path, printed as "<nil>"
                throw error(LabelSyntax.invalid("<nil>", key, String.join("; ", keyErrors)));
            }
            Token next = lookahead(Context.VALUES).token();
            if ((next == Token.END_OF_STRING || next == Token.COMMA) && operator == null) {
                operator = Operator.EXISTS;
            }
            if (operator != null) {
                return LabelRequirement.validated(key, operator, List.of());
            }
            operator = operator();
            List<String> values = operator == Operator.IN || operator == Operator.NOT_IN ? valueSet() : exactValue();
            return LabelRequirement.validated(key, operator, values);
        } catch (SelectorException e) {
            throw error("unable to parse requirement: " + e.getMessage());
        }
    }

    private Operator operator() {
        Item item = consume(Context.KEY_AND_OPERATOR);
        return switch (item.token()) {
            case IN -> Operator.IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case GREATER_THAN -> Operator.GREATER_THAN;
            case LESS_THAN -> Operator.LESS_THAN;
            case NOT_IN -> Operator.NOT_IN;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            default -> throw error("found '" + item.literal() + "', expected: in, notin, =, ==, !=, gt, lt");
        };
    }

    /** {@code (a,b,c)}: sorted and deduplicated, as Kubernetes keeps them in a string set. */
    private List<String> valueSet() {
        Item open = consume(Context.VALUES);
        if (open.token() != Token.OPEN_PAR) {
            throw error("found '" + open.literal() + "' expected: '('");
        }
        Item first = lookahead(Context.VALUES);
        return switch (first.token()) {
            case IDENTIFIER, COMMA -> {
                TreeSet<String> values = identifierList();
                consume(Context.VALUES); // the ')' identifierList stopped at
                yield List.copyOf(values);
            }
            case CLOSED_PAR -> {
                consume(Context.VALUES);
                yield List.of("");
            }
            default -> throw error("found '" + first.literal() + "', expected: ',', ')' or identifier");
        };
    }

    /** Comma-separated, possibly empty values up to (not including) the closing parenthesis. */
    private TreeSet<String> identifierList() {
        TreeSet<String> values = new TreeSet<>();
        while (true) {
            Item item = consume(Context.VALUES);
            switch (item.token()) {
                case IDENTIFIER -> {
                    values.add(item.literal());
                    Item next = lookahead(Context.VALUES);
                    switch (next.token()) {
                        case COMMA -> {}
                        case CLOSED_PAR -> {
                            return values;
                        }
                        default -> throw error("found '" + next.literal() + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    // a comma with nothing before or after it stands for the empty value
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    Token next = lookahead(Context.VALUES).token();
                    if (next == Token.CLOSED_PAR) {
                        values.add("");
                        return values;
                    }
                    if (next == Token.COMMA) {
                        values.add("");
                    }
                }
                default -> throw error("found '" + item.literal() + "', expected: ',', or identifier");
            }
        }
    }

    private List<String> exactValue() {
        Token next = lookahead(Context.VALUES).token();
        if (next == Token.END_OF_STRING || next == Token.COMMA) {
            return List.of("");
        }
        Item item = consume(Context.VALUES);
        if (item.token() == Token.IDENTIFIER) {
            return List.of(item.literal());
        }
        throw error("found '" + item.literal() + "', expected: identifier");
    }

    private Item lookahead(Context context) {
        return inContext(items.get(position), context);
    }

    private Item consume(Context context) {
        return inContext(items.get(position++), context);
    }

    private static Item inContext(Item item, Context context) {
        if (context == Context.VALUES && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
            return new Item(Token.IDENTIFIER, item.literal());
        }
        return item;
    }

    private static SelectorException error(String message) {
        return new SelectorException(message);
    }

    /** Splits the selector into identifiers, keywords and operator symbols. */
    private static final class Lexer {
        private final String input;
        private int position;

        Lexer(String input) {
            this.input = input;
        }

        List<Item> scanAll() {
            List<Item> scanned = new ArrayList<>();
            Item item;
            do {
                item = next();
                scanned.add(item);
            } while (item.token() != Token.END_OF_STRING);
            return scanned;
        }

        private Item next() {
            char c = read();
            while (isWhitespace(c)) {
                c = read();
            }
            if (c == 0) {
                return new Item(Token.END_OF_STRING, "");
            }
            position--;
            return isSpecialSymbol(c) ? symbol() : identifierOrKeyword();
        }

        private Item identifierOrKeyword() {
            StringBuilder text = new StringBuilder();
            while (true) {
                char c = read();
                if (c == 0) {
                    break;
                }
                if (isSpecialSymbol(c) || isWhitespace(c)) {
                    position--;
                    break;
                }
                text.append(c);
            }
            String literal = text.toString();
            Token keyword = Token.forLiteral(literal);
            return new Item(keyword != null ? keyword : Token.IDENTIFIER, literal);
        }

        /** The longest run of symbols that still forms an operator: "!=" but "!" before "(". */
        private Item symbol() {
            StringBuilder text = new StringBuilder();
            Item longest = null;
            while (true) {
                char c = read();
                if (c == 0) {
                    break;
                }
                if (!isSpecialSymbol(c)) {
                    position--;
                    break;
                }
                text.append(c);
                Token token = Token.forLiteral(text.toString());
                if (token != null) {
                    longest = new Item(token, text.toString());
                } else {
                    position--;
                    break;
                }
            }
            // every single symbol character is itself an operator, so one always matched
            return longest;
        }

        /** The next character, or 0 past the end, which Kubernetes' lexer also treats as the end. */
        private char read() {
            return position < input.length() ? input.charAt(position++) : 0;
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static boolean isSpecialSymbol(char c) {
            return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
        }
    }
}
