package io.netweave.o2ims.server.internal.profiling;

import io.netweave.o2ims.server.internal.query.QueryProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * At most one Java Flight Recorder recording at a time, started with one of the JDK's settings
 * ({@code default}: about 1 % overhead, {@code profile}: about 2 %, method sampling every 10 ms),
 * bounded by a maximum age, stopped on request, and kept as one file in {@code directory} (the
 * JVM's temporary directory; in the chart an emptyDir) until the next recording replaces it. The
 * file is read with {@code jfr print} or JDK Mission Control. Refusals are {@link QueryProblem}s:
 * an unknown setting or a bad duration (400), starting while recording or stopping while not (409),
 * no finished recording to download (404). Thread-safe (synchronized); {@link #close()} stops and
 * discards a running recording.
 */
public final class FlightRecordings implements AutoCloseable {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Duration LONGEST = Duration.ofHours(6);

  private final Path directory;
  private final Clock clock;
  private Recording running;
  private Instant startedAt;
  private String settings;
  private Duration maxAge;
  private Path finished;

  public FlightRecordings(Path directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /**
   * Starts a recording.
   *
   * @param settingsName {@code default} or {@code profile}
   * @param maxAgeText how much history to keep, e.g. {@code 10m} (at most 6h)
   */
  public synchronized Map<String, Object> start(String settingsName, String maxAgeText) {
    if (running != null) {
      throw new QueryProblem(
          QueryProblem.Kind.CONFLICT, "a recording is already running; stop it first", Map.of());
    }
    if (!settingsName.equals("default") && !settingsName.equals("profile")) {
      throw QueryProblem.badRequest(
          "settings must be default or profile, got '" + settingsName + "'");
    }
    Duration age = duration(maxAgeText);
    Configuration configuration;
    try {
      configuration = Configuration.getConfiguration(settingsName);
    } catch (IOException | ParseException e) {
      throw new IllegalStateException(
          "the JDK's JFR settings '" + settingsName + "' are unreadable", e);
    }
    Recording recording = new Recording(configuration);
    recording.setName("netweave-admin");
    recording.setToDisk(true);
    recording.setMaxAge(age);
    recording.start();
    running = recording;
    startedAt = clock.instant();
    settings = settingsName;
    maxAge = age;
    return state();
  }

  /** Stops the running recording and writes it to the download file. */
  public synchronized Map<String, Object> stop() {
    if (running == null) {
      throw new QueryProblem(QueryProblem.Kind.CONFLICT, "no recording is running", Map.of());
    }
    Path file = directory.resolve("netweave-" + startedAt.getEpochSecond() + ".jfr");
    try {
      running.stop();
      Files.createDirectories(directory);
      running.dump(file);
      if (finished != null && !finished.equals(file)) {
        Files.deleteIfExists(finished);
      }
      finished = file;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the JFR recording to " + file + " failed", e);
    } finally {
      running.close();
      running = null;
    }
    return state();
  }

  /** {@code state}: idle, recording or stopped, with the settings, start time and file size. */
  public synchronized Map<String, Object> state() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", running != null ? "recording" : finished != null ? "stopped" : "idle");
    if (startedAt != null) {
      body.put("settings", settings);
      body.put("maxAge", maxAge.toString());
      body.put("startedAt", startedAt.toString());
    }
    if (running == null && finished != null) {
      try {
        body.put("bytes", Files.size(finished));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      body.put("file", finished.getFileName().toString());
    }
    return body;
  }

  /** The last finished recording's file. */
  public synchronized Optional<Path> recording() {
    return Optional.ofNullable(finished).filter(Files::isRegularFile);
  }

  @Override
  public synchronized void close() {
    if (running != null) {
      running.close();
      running = null;
    }
  }

  private static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw QueryProblem.badRequest("max_age must look like 30s, 10m or 1h, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (d.isZero() || d.compareTo(LONGEST) > 0) {
      throw QueryProblem.badRequest("max_age must be above 0 and at most 6h, got '" + text + "'");
    }
    return d;
  }
}
