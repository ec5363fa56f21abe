package dev.distlab.participant;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** One participant: a config store replica and a bank shard (both arrive with their own issues). */
@SpringBootApplication
public class ParticipantApplication {

    public static void main(String[] args) {
        SpringApplication.run(ParticipantApplication.class, args);
    }
}
