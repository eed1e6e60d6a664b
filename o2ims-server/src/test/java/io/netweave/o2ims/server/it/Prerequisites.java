package io.netweave.o2ims.server.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What some tests need from outside the repository (a tool on the PATH, the team's {@code
 * shared/reference} files): on a developer's machine a missing prerequisite skips the test with a
 * message naming what was not checked; under CI ({@code CI=true}, which CI sets and {@code .ci/run}
 * exports, or {@code O2IMS_TESTS_STRICT=true}) it fails the test, so CI never skips silently.
 */
public final class Prerequisites {
  private Prerequisites() {}

  /** Whether missing prerequisites fail instead of skip. */
  public static boolean strict() {
    return "true".equalsIgnoreCase(System.getenv("CI"))
        || "true".equalsIgnoreCase(System.getenv("O2IMS_TESTS_STRICT"));
  }

  /**
   * Skips (or, under CI, fails) the calling test.
   *
   * @param missing what is absent
   * @param unchecked what the test would have checked
   */
  public static void missing(String missing, String unchecked) {
    String message = missing + ": not checked: " + unchecked;
    if (strict()) {
      throw new AssertionError(message + " (mandatory under CI=true)");
    }
    System.err.println("SKIPPED " + message);
    Assumptions.abort(message);
  }

  /**
   * Notes that part of a test cannot be checked here (the rest of the test still runs); under CI it
   * fails instead.
   */
  public static void degraded(String missing, String unchecked) {
    String message = missing + ": not checked: " + unchecked;
    if (strict()) {
      throw new AssertionError(message + " (mandatory under CI=true)");
    }
    System.err.println("NOT CHECKED " + message);
  }

  /** The executable on the PATH, or a skip (a failure under CI) naming what was not checked. */
  public static Path tool(String name, String unchecked) {
    Optional<Path> found = onPath(name);
    if (found.isEmpty()) {
      missing(name + " is not on the PATH (scripts/test installs it)", unchecked);
    }
    return found.orElseThrow();
  }

  /** The executable on the PATH, if any. */
  public static Optional<Path> onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir).resolve(name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
