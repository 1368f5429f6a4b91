package io.skiff.kubelet;

import io.skiff.component.boot.ComponentApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Skiff kubelet: the node agent that runs the pods bound to its node. */
@SpringBootApplication
public class KubeletApplication {

    public static void main(String[] args) {
        ComponentApplication.builder(KubeletApplication.class, "kubelet").run(args);
    }
}
