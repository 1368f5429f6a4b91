package io.skiff.dns;

import io.skiff.component.boot.ComponentApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Skiff cluster DNS: answers for the cluster domain from Services and EndpointSlices. */
@SpringBootApplication
public class DnsApplication {

    public static void main(String[] args) {
        ComponentApplication.builder(DnsApplication.class, "dns").run(args);
    }
}
