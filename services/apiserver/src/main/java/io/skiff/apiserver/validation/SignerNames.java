package io.skiff.apiserver.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' ValidateSignerName: {@code <domain>/<path>}, the domain at least two DNS labels, the
 * path DNS subdomains separated by dots, short enough to fit an RBAC resourceName.
 */
final class SignerNames {

    private static final int MAX_LENGTH = NameRules.DNS1123_SUBDOMAIN_MAX_LENGTH * 2 + 1;

    /** One finding, in the order Kubernetes reports them. */
    sealed interface Error {
        void addTo(FieldPath field, Causes causes);
    }

    record Required() implements Error {
        @Override
        public void addTo(FieldPath field, Causes causes) {
            causes.required(field, "");
        }
    }

    record Invalid(String value, String detail) implements Error {
        @Override
        public void addTo(FieldPath field, Causes causes) {
            causes.invalid(field, value, detail);
        }
    }

    record TooLong(int max) implements Error {
        @Override
        public void addTo(FieldPath field, Causes causes) {
            causes.tooLong(field, max);
        }
    }

    private SignerNames() {}

    static List<Error> validate(String signerName) {
        List<Error> errors = new ArrayList<>();
        if (signerName.isEmpty()) {
            errors.add(new Required());
            return errors;
        }
        String[] segments = signerName.split("/", -1);
        if (segments.length != 2) {
            errors.add(new Invalid(
                    signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
            return errors;
        }
        String domain = segments[0];
        if (domain.length() > NameRules.DNS1123_SUBDOMAIN_MAX_LENGTH) {
            errors.add(new TooLong(NameRules.DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        String[] domainLabels = domain.split("\\.", -1);
        for (String label : domainLabels) {
            List<String> problems = NameRules.isDns1123Label(label);
            if (!problems.isEmpty()) {
                problems.forEach(p -> errors.add(new Invalid(domain, "validating label \"" + label + "\": " + p)));
                break;
            }
        }
        if (domainLabels.length < 2) {
            errors.add(new Invalid(domain, "should be a domain with at least two segments separated by dots"));
        }
        String path = segments[1];
        for (String label : path.split("\\.", -1)) {
            List<String> problems = NameRules.isDns1123Subdomain(label);
            if (!problems.isEmpty()) {
                problems.forEach(p -> errors.add(new Invalid(path, "validating label \"" + label + "\": " + p)));
                break;
            }
        }
        if (signerName.length() > MAX_LENGTH) {
            errors.add(new TooLong(MAX_LENGTH));
        }
        return errors;
    }
}
