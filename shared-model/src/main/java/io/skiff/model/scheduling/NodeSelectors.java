package io.skiff.model.scheduling;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * A node selector (ORed terms) read leniently, as Kubernetes' LazyErrorNodeSelector: empty terms
 * and terms with invalid requirements are left out, and their errors remembered, so one bad term
 * does not stop the others from matching. Used for required node affinity and for persistent
 * volumes' node affinity.
 */
public final class NodeSelectors {

    private final List<NodeSelectorTerm> terms;
    private final List<String> parseErrors;

    private NodeSelectors(List<NodeSelectorTerm> terms, List<String> parseErrors) {
        this.terms = terms;
        this.parseErrors = parseErrors;
    }

    public static NodeSelectors parse(NodeSelector selector) {
        List<NodeSelectorTerm> terms = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (selector != null && selector.getNodeSelectorTerms() != null) {
            List<io.fabric8.kubernetes.api.model.NodeSelectorTerm> declared = selector.getNodeSelectorTerms();
            for (int i = 0; i < declared.size(); i++) {
                io.fabric8.kubernetes.api.model.NodeSelectorTerm term = declared.get(i);
                if (term == null || NodeSelectorTerm.isEmpty(term)) {
                    continue;
                }
                try {
                    terms.add(NodeSelectorTerm.parse(term));
                } catch (IllegalArgumentException e) {
                    errors.add("nodeSelectorTerms[" + i + "]: " + e.getMessage());
                }
            }
        }
        return new NodeSelectors(List.copyOf(terms), List.copyOf(errors));
    }

    /** Whether any valid term matches the node. */
    public boolean matches(Node node) {
        if (node == null) {
            return false;
        }
        for (NodeSelectorTerm term : terms) {
            if (term.matches(node)) {
                return true;
            }
        }
        return false;
    }

    /** Errors of the terms that were left out. */
    public List<String> parseErrors() {
        return parseErrors;
    }
}
