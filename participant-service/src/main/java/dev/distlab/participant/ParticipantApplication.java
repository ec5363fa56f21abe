package dev.distlab.participant;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.distlab.common.fatal.Launcher;

/** One participant: a config store replica and a bank shard (both arrive with their own issues). */
@SpringBootApplication
public class ParticipantApplication {

    public static void main(String[] args) {
        Launcher.run(ParticipantApplication.class, args);
    }
}
