package io.skiff.proxy.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines of iptables-restore input, written as kube-proxy writes them: words joined by spaces, and
 * a word holding a space quoted (comments such as {@code "ns/svc:http cluster IP"}).
 */
final class RuleBuffer {

    private final StringBuilder text = new StringBuilder();

    /** Declares (and so flushes) a chain. */
    void chain(String name) {
        text.append(':').append(name).append(" - [0:0]\n");
    }

    /** Starts a rule appended to {@code chain}; {@link Rule#jump} writes it. */
    Rule append(String chain) {
        return new Rule(chain);
    }

    /** Deletes a (flushed) chain. */
    void delete(String chain) {
        line(List.of("-X", chain));
    }

    private void line(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                text.append(' ');
            }
            String word = words.get(i);
            text.append(word.indexOf(' ') >= 0 ? '"' + word + '"' : word);
        }
        text.append('\n');
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** One rule being written: its matches in order, then its target. */
    final class Rule {
        private final List<String> words = new ArrayList<>();

        private Rule(String chain) {
            words.add("-A");
            words.add(chain);
        }

        Rule comment(String comment) {
            return args("-m", "comment", "--comment", comment);
        }

        Rule args(String... args) {
            words.addAll(List.of(args));
            return this;
        }

        /** Writes the rule without a target: it only counts the packets that reach it. */
        void end() {
            line(words);
        }

        /** Ends the rule with {@code -j target [target options]} and writes it. */
        void jump(String target, String... targetArgs) {
            words.add("-j");
            words.add(target);
            words.addAll(List.of(targetArgs));
            line(words);
        }
    }
}
