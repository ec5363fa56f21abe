package dev.distlab.coordinator;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.distlab.common.fatal.Launcher;

/** The transaction manager that runs two-phase commit across participants (the bank arrives with its issue). */
@SpringBootApplication
public class CoordinatorApplication {

    public static void main(String[] args) {
        Launcher.run(CoordinatorApplication.class, args);
    }
}
