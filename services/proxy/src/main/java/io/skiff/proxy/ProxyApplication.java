package io.skiff.proxy;

import io.skiff.component.boot.ComponentApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Skiff proxy: programs this node's network so that Service virtual IPs reach their endpoints. */
@SpringBootApplication
public class ProxyApplication {

    public static void main(String[] args) {
        ComponentApplication.builder(ProxyApplication.class, "proxy").run(args);
    }
}
