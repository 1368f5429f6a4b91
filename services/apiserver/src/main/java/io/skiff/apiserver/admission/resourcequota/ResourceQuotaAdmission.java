package io.skiff.apiserver.admission.resourcequota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.AdmissionReads;
import io.skiff.apiserver.admission.AdmissionWrites;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.Operation;
import io.skiff.apiserver.admission.Resources;
import io.skiff.apiserver.admission.ValidatingAdmission;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kubernetes' ResourceQuota plugin (plugin/pkg/admission/resourcequota): a write that adds to what
 * the namespace's quotas measure is refused (403) when it would take some quota past its hard
 * limits, and otherwise charged to the quotas before it is stored: their status.used is written
 * first, conditional on the revision read, so that concurrent writes cannot both take the last of
 * a quota. A charge lost to another writer is computed again from the quota as it now is. The
 * resource quota controller later recounts status.used from the objects themselves, which also
 * gives back what a write that failed after admission was charged.
 */
public final class ResourceQuotaAdmission implements ValidatingAdmission {

    public static final String NAME = "ResourceQuota";

    /** Attempts to charge the quotas before the write fails with a conflict. */
    static final int MAX_ATTEMPTS = 32;

    private final AdmissionReads reads;
    private final AdmissionWrites writes;
    private final QuotaEvaluators evaluators;

    public ResourceQuotaAdmission(AdmissionReads reads, AdmissionWrites writes, Clock clock) {
        this.reads = reads;
        this.writes = writes;
        this.evaluators = new QuotaEvaluators(clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE || operation == Operation.UPDATE;
    }

    /** The quotas are read and charged in the database when the namespace has one that may limit the write. */
    @Override
    public boolean readsStorage(Attributes a) {
        QuotaEvaluators.Evaluator<?> evaluator = weighs(a);
        return evaluator != null && !candidates(a, evaluator).isEmpty();
    }

    /**
     * The quotas of the namespace, as the watch cache has them, that limit something the evaluator
     * measures; only these are read again from the database and charged.
     */
    private List<String> candidates(Attributes a, QuotaEvaluators.Evaluator<?> evaluator) {
        return reads.list(Resources.RESOURCE_QUOTAS, a.namespace()).stream()
                .filter(quota -> !evaluator
                        .quota()
                        .matchingResources(
                                QuotaCheck.amounts(quota.path("status").path("hard"))
                                        .keySet())
                        .isEmpty())
                .map(quota -> quota.path("metadata").path("name").asText())
                .toList();
    }

    @Override
    public void validate(Attributes a) {
        QuotaEvaluators.Evaluator<?> evaluator = weighs(a);
        if (evaluator == null) {
            return;
        }
        List<String> names = candidates(a, evaluator);
        if (names.isEmpty()) {
            return;
        }
        Set<String> charged = new HashSet<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<ObjectNode> quotas = new ArrayList<>();
            for (String name : names) {
                if (!charged.contains(name)) {
                    reads.getLive(Resources.RESOURCE_QUOTAS, a.namespace(), name)
                            .ifPresent(quotas::add);
                }
            }
            List<QuotaCheck.Charge> charges = QuotaCheck.check(a, evaluator, quotas);
            if (a.dryRun()) {
                return;
            }
            boolean lost = false;
            for (QuotaCheck.Charge charge : charges) {
                ObjectNode updated = charge.quota().deepCopy();
                updated.with("status").set("used", usedNode(charge));
                if (writes.replace(Resources.RESOURCE_QUOTAS, charge.quota(), updated)) {
                    charged.add(charge.name());
                } else {
                    lost = true;
                }
            }
            if (!lost) {
                return;
            }
        }
        throw Statuses.conflict(
                "", "resourcequotas", String.join(",", names), "too many concurrent updates; please try again");
    }

    private static ObjectNode usedNode(QuotaCheck.Charge charge) {
        ObjectNode used = KubeJson.mapper().createObjectNode();
        new TreeMap<>(charge.used()).forEach((name, amount) -> used.put(name, amount.text()));
        return used;
    }

    /** The evaluator for a write quota weighs, or null: namespaced objects themselves, not namespaces or subresources. */
    private QuotaEvaluators.Evaluator<?> weighs(Attributes a) {
        if (!a.subresource().isEmpty()
                || a.namespace().isEmpty()
                || a.object() == null
                || evaluators.ignores(a.type())) {
            return null;
        }
        return evaluators.forWrite(a.type(), a.operation());
    }
}
