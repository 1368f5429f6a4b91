package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;

/** The port a probe names, by number or by the name of one of the container's ports (ResolveContainerPort). */
final class ContainerPorts {

    private ContainerPorts() {}

    static int resolve(IntOrString port, Container container) throws ProbeActionException {
        int number;
        if (port == null || (port.getIntVal() == null && port.getStrVal() == null)) {
            throw new ProbeActionException("intOrString had no kind: " + port);
        } else if (port.getIntVal() != null) {
            number = port.getIntVal();
        } else {
            number = byName(container, port.getStrVal());
        }
        if (number > 0 && number < 65536) {
            return number;
        }
        throw new ProbeActionException("invalid port number: " + number);
    }

    private static int byName(Container container, String name) throws ProbeActionException {
        if (container.getPorts() != null) {
            for (ContainerPort port : container.getPorts()) {
                if (name.equals(port.getName())) {
                    return port.getContainerPort() == null ? 0 : port.getContainerPort();
                }
            }
        }
        throw new ProbeActionException("port " + GoText.quote(name) + " not found");
    }
}
