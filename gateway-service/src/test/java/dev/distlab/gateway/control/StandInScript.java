package dev.distlab.gateway.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A stand-in for {@code ./cluster} in tests: a shell script of the lines given, executable. */
final class StandInScript {

    private StandInScript() {
    }

    /** Writes {@code #!/bin/sh} and {@code body} to {@code file}, makes it executable and returns it. */
    static Path write(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
