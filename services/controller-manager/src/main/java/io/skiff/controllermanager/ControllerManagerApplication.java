package io.skiff.controllermanager;

import io.skiff.component.boot.ComponentApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Skiff controller manager: the controllers that drive objects to their desired state. */
@SpringBootApplication
public class ControllerManagerApplication {

    public static void main(String[] args) {
        ComponentApplication.builder(ControllerManagerApplication.class, "controller-manager")
                .run(args);
    }
}
