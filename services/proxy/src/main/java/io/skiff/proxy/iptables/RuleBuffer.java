package io.skiff.proxy.iptables;

/**
 * Lines of iptables-restore input, written as kube-proxy writes them: words joined by spaces, and
 * a word holding a space quoted (comments such as {@code "ns/svc:http cluster IP"}).
 */
final class RuleBuffer {

    private final StringBuilder text = new StringBuilder();
    private int lines;

    void line(String... words) {
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                text.append(' ');
            }
            String word = words[i];
            text.append(word.indexOf(' ') >= 0 ? '"' + word + '"' : word);
        }
        text.append('\n');
        lines++;
    }

    void chain(String name) {
        text.append(':').append(name).append(" - [0:0]\n");
    }

    int lines() {
        return lines;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
