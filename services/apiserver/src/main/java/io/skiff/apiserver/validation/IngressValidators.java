package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Ingresses and IngressClasses. */
final class IngressValidators {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");
    private static final List<String> INVALID_PATH_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
    private static final List<String> INVALID_PATH_SUFFIXES = List.of("/..", "/.");
    private static final List<String> PARAMETER_SCOPES = List.of("Cluster", "Namespace");
    private static final int MAX_CONTROLLER_LENGTH = 250;
    private static final List<String> REFERENCE_NAMES = List.of("kind", "name");

    private IngressValidators() {}

    static final class IngressValidator implements KindValidator {
        @Override
        public void validate(ObjectNode ingress, ObjectNode old, Causes causes) {
            JsonNode spec = Json.objectOrEmpty(ingress, "spec");
            ArrayNode rules = Json.array(spec, "rules");
            JsonNode defaultBackend = Json.object(spec, "defaultBackend");
            if (Json.isEmpty(rules) && defaultBackend == null) {
                causes.invalid(SPEC, rules, "either `defaultBackend` or `rules` must be specified");
            }
            if (defaultBackend != null) {
                validateBackend(defaultBackend, SPEC.child("defaultBackend"), causes);
            }
            if (rules != null) {
                for (int i = 0; i < rules.size(); i++) {
                    validateRule(rules.get(i), SPEC.child("rules").index(i), causes);
                }
            }
            ArrayNode tls = Json.array(spec, "tls");
            for (int i = 0; tls != null && i < tls.size(); i++) {
                FieldPath tlsPath = SPEC.child("tls").index(i);
                ArrayNode hosts = Json.array(tls.get(i), "hosts");
                for (int h = 0; hosts != null && h < hosts.size(); h++) {
                    validateHost(hosts.get(h).asText(), tlsPath.child("hosts").index(h), false, causes);
                }
                String secretName = Json.string(tls.get(i), "secretName");
                if (!secretName.isEmpty()) {
                    causes.invalidAt(tlsPath, "secretName", secretName, NameRules.isDns1123Subdomain(secretName));
                }
            }
            String className = Json.text(spec, "ingressClassName");
            if (className != null) {
                causes.invalidAt(SPEC, "ingressClassName", className, NameRules.isDns1123Subdomain(className));
            }
        }

        @Override
        public void validateStatus(ObjectNode ingress, ObjectNode old, Causes causes) {
            ArrayNode entries = Json.array(Json.object(Json.object(ingress, "status"), "loadBalancer"), "ingress");
            FieldPath path = FieldPath.of("status.loadBalancer.ingress");
            for (int i = 0; entries != null && i < entries.size(); i++) {
                String ip = Json.string(entries.get(i), "ip");
                if (!ip.isEmpty() && !IpAddresses.isIp(ip)) {
                    causes.invalid(path.index(i).child("ip"), ip, IpAddresses.INVALID_IP);
                }
                ServiceValidators.validateLoadBalancerHostname(
                        Json.string(entries.get(i), "hostname"), path.index(i).child("hostname"), causes);
            }
        }

        private static void validateRule(JsonNode rule, FieldPath path, Causes causes) {
            String host = Json.string(rule, "host");
            if (!host.isEmpty()) {
                validateHost(host, path.child("host"), true, causes);
            }
            JsonNode http = Json.object(rule, "http");
            if (http == null) {
                return;
            }
            FieldPath pathsPath = path.child("http", "paths");
            ArrayNode paths = Json.array(http, "paths");
            if (Json.isEmpty(paths)) {
                causes.required(pathsPath, "");
                return;
            }
            for (int i = 0; i < paths.size(); i++) {
                validateHttpPath(paths.get(i), pathsPath.index(i), causes);
            }
        }

        private static void validateHost(String host, FieldPath path, boolean ruleHost, Causes causes) {
            if (ruleHost && IpAddresses.isIp(host)) {
                causes.invalid(path, host, "must be a DNS name, not an IP address");
            }
            if (host.contains("*")) {
                causes.invalid(path, host, NameRules.isWildcardDns1123Subdomain(host));
            } else {
                causes.invalid(path, host, NameRules.isDns1123Subdomain(host));
            }
        }

        private static void validateHttpPath(JsonNode httpPath, FieldPath path, Causes causes) {
            String pathType = Json.text(httpPath, "pathType");
            if (pathType == null) {
                causes.required(path.child("pathType"), "pathType must be specified");
                return;
            }
            String value = Json.string(httpPath, "path");
            switch (pathType) {
                case "Exact", "Prefix" -> {
                    if (!value.startsWith("/")) {
                        causes.invalid(path.child("path"), value, "must be an absolute path");
                    }
                    for (String sequence : INVALID_PATH_SEQUENCES) {
                        if (value.contains(sequence)) {
                            causes.invalid(path.child("path"), value, "must not contain '" + sequence + "'");
                        }
                    }
                    for (String suffix : INVALID_PATH_SUFFIXES) {
                        if (value.endsWith(suffix)) {
                            causes.invalid(path.child("path"), value, "cannot end with '" + suffix + "'");
                        }
                    }
                }
                case "ImplementationSpecific" -> {
                    if (!value.isEmpty() && !value.startsWith("/")) {
                        causes.invalid(path.child("path"), value, "must be an absolute path");
                    }
                }
                default -> causes.notSupported(path.child("pathType"), pathType, PATH_TYPES);
            }
            validateBackend(Json.objectOrEmpty(httpPath, "backend"), path.child("backend"), causes);
        }

        /** A Service (by name and port name or number) or a typed resource, not both. */
        private static void validateBackend(JsonNode backend, FieldPath path, Causes causes) {
            JsonNode resource = Json.object(backend, "resource");
            JsonNode service = Json.object(backend, "service");
            if (resource != null && service != null) {
                causes.invalid(path, "", "cannot set both resource and service backends");
            } else if (resource != null) {
                validateTypedReference(resource, path.child("resource"), causes);
            } else if (service != null) {
                String name = Json.string(service, "name");
                if (name.isEmpty()) {
                    causes.required(path.child("service", "name"), "");
                } else {
                    causes.invalid(path.child("service", "name"), name, NameRules.isDns1035Label(name));
                }
                JsonNode port = Json.object(service, "port");
                String portName = Json.string(port, "name");
                long portNumber = Json.longOr(port, "number", 0);
                FieldPath portPath = path.child("service", "port");
                if (!portName.isEmpty() && portNumber != 0) {
                    causes.invalid(path, "", "cannot set both port name & port number");
                } else if (!portName.isEmpty()) {
                    causes.invalidAt(portPath, "name", portName, NameRules.isPortName(portName));
                } else if (portNumber != 0) {
                    causes.invalidAt(portPath, "number", portNumber, NameRules.isPortNumber(portNumber));
                } else {
                    causes.required(path, "port name or number is required");
                }
            } else {
                causes.invalid(path, "", "resource or service backend is required");
            }
        }
    }

    static final class IngressClassValidator implements KindValidator {
        @Override
        public void validate(ObjectNode ingressClass, ObjectNode old, Causes causes) {
            JsonNode spec = Json.objectOrEmpty(ingressClass, "spec");
            String controller = Json.string(spec, "controller");
            FieldPath controllerPath = SPEC.child("controller");
            if (controller.isEmpty()) {
                causes.required(controllerPath, "");
            } else {
                if (controller.length() > MAX_CONTROLLER_LENGTH) {
                    causes.tooLong(controllerPath, MAX_CONTROLLER_LENGTH);
                }
                validateDomainPrefixedPath(controller, controllerPath, causes);
            }
            JsonNode parameters = Json.object(spec, "parameters");
            if (parameters != null) {
                validateParameters(parameters, SPEC.child("parameters"), causes);
            }
            if (old != null) {
                String oldController = Json.string(Json.object(old, "spec"), "controller");
                if (!controller.equals(oldController)) {
                    causes.immutable(controllerPath, controller);
                }
            }
        }

        /** {@code IsDomainPrefixedPath}: {@code example.com/ingress-controller}. */
        private static void validateDomainPrefixedPath(String value, FieldPath path, Causes causes) {
            int slash = value.indexOf('/');
            if (slash <= 0 || slash == value.length() - 1) {
                causes.invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")");
                return;
            }
            String host = value.substring(0, slash);
            causes.invalid(path, host, NameRules.isDns1123Subdomain(host));
            String rest = value.substring(slash + 1);
            for (int i = 0; i < rest.length(); i++) {
                char c = rest.charAt(i);
                boolean allowed = Character.isLetterOrDigit(c) && c < 0x80 || "/-._~%!$&'()*+,;=:".indexOf(c) >= 0;
                if (!allowed) {
                    causes.invalid(
                            path, rest, NameRules.regexError("Invalid path", "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"));
                    return;
                }
            }
        }

        private static void validateParameters(JsonNode parameters, FieldPath path, Causes causes) {
            validateTypedReference(parameters, path, causes);
            String scope = Json.text(parameters, "scope");
            if (scope == null) {
                causes.required(path.child("scope"), "");
                return;
            }
            if (!PARAMETER_SCOPES.contains(scope)) {
                causes.notSupported(path.child("scope"), scope, PARAMETER_SCOPES);
                return;
            }
            String namespace = Json.text(parameters, "namespace");
            if (scope.equals("Namespace")) {
                if (namespace == null) {
                    causes.required(path.child("namespace"), "`parameters.scope` is set to 'Namespace'");
                } else {
                    causes.invalidAt(path, "namespace", namespace, NameRules.isDns1123Label(namespace));
                }
            } else if (namespace != null) {
                causes.forbidden(path.child("namespace"), "`parameters.scope` is set to 'Cluster'");
            }
        }
    }

    /** A reference by API group, kind and name, as Ingress resource backends and class parameters use. */
    private static void validateTypedReference(JsonNode reference, FieldPath path, Causes causes) {
        String apiGroup = Json.text(reference, "apiGroup");
        if (apiGroup != null) {
            causes.invalidAt(path, "apiGroup", apiGroup, NameRules.isDns1123Subdomain(apiGroup));
        }
        for (String field : REFERENCE_NAMES) {
            String value = Json.string(reference, field);
            if (value.isEmpty()) {
                causes.required(path.child(field), "");
            } else {
                causes.invalid(path.child(field), value, NameRules.isPathSegmentName(value));
            }
        }
    }
}
