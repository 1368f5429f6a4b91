package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** The apps group: deployments, replica sets, daemon sets, stateful sets and controller revisions. */
final class AppsPrinters {

    static final KindPrinter DEPLOYMENT = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Ready", "Number of the pod with ready state"),
                    Column.string("Up-to-date", FieldDocs.DEPLOYMENT_STATUS_UPDATED_REPLICAS),
                    Column.string("Available", FieldDocs.DEPLOYMENT_STATUS_AVAILABLE_REPLICAS),
                    Column.age(),
                    Column.containers(),
                    Column.images(),
                    Column.string("Selector", FieldDocs.DEPLOYMENT_SPEC_SELECTOR)
                            .wide()),
            AppsPrinters::deployment);

    static final KindPrinter REPLICA_SET = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.integer("Desired", FieldDocs.REPLICA_SET_SPEC_REPLICAS),
                    Column.integer("Current", FieldDocs.REPLICA_SET_STATUS_REPLICAS),
                    Column.integer("Ready", FieldDocs.REPLICA_SET_STATUS_READY_REPLICAS),
                    Column.age(),
                    Column.containers(),
                    Column.images(),
                    Column.string("Selector", FieldDocs.REPLICA_SET_SPEC_SELECTOR)
                            .wide()),
            AppsPrinters::replicaSet);

    static final KindPrinter DAEMON_SET = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.integer("Desired", FieldDocs.DAEMON_SET_STATUS_DESIRED_NUMBER_SCHEDULED),
                    Column.integer("Current", FieldDocs.DAEMON_SET_STATUS_CURRENT_NUMBER_SCHEDULED),
                    Column.integer("Ready", FieldDocs.DAEMON_SET_STATUS_NUMBER_READY),
                    Column.integer("Up-to-date", FieldDocs.DAEMON_SET_STATUS_UPDATED_NUMBER_SCHEDULED),
                    Column.integer("Available", FieldDocs.DAEMON_SET_STATUS_NUMBER_AVAILABLE),
                    Column.string("Node Selector", FieldDocs.POD_SPEC_NODE_SELECTOR),
                    Column.age(),
                    Column.containers(),
                    Column.images(),
                    Column.string("Selector", FieldDocs.DAEMON_SET_SPEC_SELECTOR)
                            .wide()),
            AppsPrinters::daemonSet);

    static final KindPrinter STATEFUL_SET = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Ready", "Number of the pod with ready state"),
                    Column.age(),
                    Column.containers(),
                    Column.images()),
            AppsPrinters::statefulSet);

    static final KindPrinter CONTROLLER_REVISION = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Controller", "Controller of the object"),
                    Column.string("Revision", FieldDocs.CONTROLLER_REVISION_REVISION),
                    Column.age()),
            AppsPrinters::controllerRevision);

    private AppsPrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("apps", "Deployment", DEPLOYMENT)
                .add("apps", "ReplicaSet", REPLICA_SET)
                .add("apps", "DaemonSet", DAEMON_SET)
                .add("apps", "StatefulSet", STATEFUL_SET)
                .add("apps", "ControllerRevision", CONTROLLER_REVISION);
    }

    private static List<Object> deployment(JsonNode deployment, PrintContext context) {
        Containers containers = Containers.of(Fields.at(deployment, "spec", "template", "spec"));
        return List.of(
                Fields.name(deployment),
                Fields.integer(deployment, "status", "readyReplicas") + "/"
                        + Fields.integer(deployment, "spec", "replicas"),
                Fields.integer(deployment, "status", "updatedReplicas"),
                Fields.integer(deployment, "status", "availableReplicas"),
                context.age(deployment),
                containers.names(),
                containers.images(),
                // Unlike the other workloads, an empty selector prints as nothing here, not <none>.
                Labels.selectorString(Fields.at(deployment, "spec", "selector")).orElse("<invalid>"));
    }

    private static List<Object> replicaSet(JsonNode replicaSet, PrintContext context) {
        Containers containers = Containers.of(Fields.at(replicaSet, "spec", "template", "spec"));
        return List.of(
                Fields.name(replicaSet),
                Fields.integer(replicaSet, "spec", "replicas"),
                Fields.integer(replicaSet, "status", "replicas"),
                Fields.integer(replicaSet, "status", "readyReplicas"),
                context.age(replicaSet),
                containers.names(),
                containers.images(),
                Labels.formatSelector(Fields.at(replicaSet, "spec", "selector")));
    }

    private static List<Object> daemonSet(JsonNode daemonSet, PrintContext context) {
        JsonNode status = Fields.at(daemonSet, "status");
        JsonNode podSpec = Fields.at(daemonSet, "spec", "template", "spec");
        Containers containers = Containers.of(podSpec);
        return List.of(
                Fields.name(daemonSet),
                Fields.integer(status, "desiredNumberScheduled"),
                Fields.integer(status, "currentNumberScheduled"),
                Fields.integer(status, "numberReady"),
                Fields.integer(status, "updatedNumberScheduled"),
                Fields.integer(status, "numberAvailable"),
                Labels.format(Fields.stringMap(podSpec, "nodeSelector")),
                context.age(daemonSet),
                containers.names(),
                containers.images(),
                Labels.formatSelector(Fields.at(daemonSet, "spec", "selector")));
    }

    private static List<Object> statefulSet(JsonNode statefulSet, PrintContext context) {
        Containers containers = Containers.of(Fields.at(statefulSet, "spec", "template", "spec"));
        return List.of(
                Fields.name(statefulSet),
                Fields.integer(statefulSet, "status", "readyReplicas") + "/"
                        + Fields.integer(statefulSet, "spec", "replicas"),
                context.age(statefulSet),
                containers.names(),
                containers.images());
    }

    private static List<Object> controllerRevision(JsonNode revision, PrintContext context) {
        return List.of(
                Fields.name(revision),
                controller(revision),
                Fields.integer(revision, "revision"),
                context.age(revision));
    }

    /** CONTROLLER: the controlling owner as kind.group/name in lower case, "&lt;none&gt;" without one. */
    private static String controller(JsonNode object) {
        for (JsonNode owner : Fields.list(object, "metadata", "ownerReferences")) {
            if (Fields.bool(owner, "controller")) {
                String apiVersion = Fields.text(owner, "apiVersion");
                int slash = apiVersion.indexOf('/');
                String group = slash < 0 ? "" : apiVersion.substring(0, slash);
                String kind = Fields.text(owner, "kind");
                String name = Fields.text(owner, "name");
                if (kind.isEmpty() && group.isEmpty()) {
                    return name;
                }
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                return groupKind.toLowerCase(Locale.ROOT) + "/" + name;
            }
        }
        return Placeholders.NONE;
    }
}
