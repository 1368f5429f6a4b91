package io.skiff.launcher;

import io.skiff.component.boot.ComponentApplication;
import io.skiff.controllermanager.ControllerManagerApplication;
import io.skiff.dns.DnsApplication;
import io.skiff.ingress.IngressControllerApplication;
import io.skiff.kubelet.KubeletApplication;
import io.skiff.proxy.ProxyApplication;
import io.skiff.scheduler.SchedulerApplication;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The control-plane components {@code skiff server} runs beside the API server, in start order. */
final class ServerComponents {

    static final String API_SERVER = "apiserver";
    static final String SCHEDULER = "scheduler";
    static final String CONTROLLER_MANAGER = "controller-manager";
    static final String KUBELET = "kubelet";
    static final String DNS = "dns";
    static final String PROXY = "proxy";
    static final String INGRESS_CONTROLLER = "ingress-controller";

    /** A component: its name (for --disable), its application class and its configuration name. */
    record Component(String name, Class<?> application, String configName) {
        org.springframework.boot.builder.SpringApplicationBuilder builder() {
            return ComponentApplication.builder(application, configName);
        }
    }

    static final List<Component> ALL = List.of(
            new Component(SCHEDULER, SchedulerApplication.class, "scheduler"),
            new Component(CONTROLLER_MANAGER, ControllerManagerApplication.class, "controller-manager"),
            new Component(KUBELET, KubeletApplication.class, "kubelet"),
            new Component(DNS, DnsApplication.class, "dns"),
            new Component(PROXY, ProxyApplication.class, "proxy"),
            new Component(INGRESS_CONTROLLER, IngressControllerApplication.class, "ingress-controller"));

    private ServerComponents() {}

    /** The component of that name; skiff agent runs the kubelet and the proxy from here too. */
    static Component named(String name) {
        return ALL.stream()
                .filter(component -> component.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no component " + name));
    }

    /** Names --disable accepts. */
    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        ALL.forEach(component -> names.add(component.name()));
        return names;
    }
}
