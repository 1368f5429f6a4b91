package io.skiff.ingress;

import io.skiff.component.boot.ComponentApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Skiff ingress controller: a reverse proxy routing outside HTTP(S) traffic by the cluster's Ingresses. */
@SpringBootApplication
public class IngressControllerApplication {

    public static void main(String[] args) {
        ComponentApplication.builder(IngressControllerApplication.class, "ingress-controller")
                .run(args);
    }
}
