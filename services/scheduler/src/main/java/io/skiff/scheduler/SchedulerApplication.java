package io.skiff.scheduler;

import io.skiff.component.boot.ComponentApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Skiff scheduler: binds pods that name it to nodes, through the scheduling framework. */
@SpringBootApplication
public class SchedulerApplication {

    public static void main(String[] args) {
        ComponentApplication.builder(SchedulerApplication.class, "scheduler").run(args);
    }
}
