package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.server.internal.profiling.FlightRecordings;
import io.netweave.o2ims.server.internal.query.QueryProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.Map;

/**
 * On-demand Java Flight Recorder profiling, admin-only (below {@code /admin}, which the production
 * profile reserves to the admin role): {@code POST
 * /admin/v1/profiling/jfr?settings=profile&max_age=10m} starts a recording (201), {@code GET
 * /admin/v1/profiling/jfr} tells its state, {@code POST /admin/v1/profiling/jfr/stop} stops it,
 * {@code GET /admin/v1/profiling/jfr/recording} downloads the last finished one ({@code
 * application/octet-stream}, read with {@code jfr print} or JDK Mission Control). Starting,
 * stopping and reading the file touch the disk, so they are dispatched off the IO thread.
 */
final class ProfilingRoutes {
  static final String PATH = "/admin/v1/profiling/jfr";

  private final FlightRecordings recordings;
  private final Responses responses;
  private final Dispatcher dispatcher;

  ProfilingRoutes(FlightRecordings recordings, Responses responses, Dispatcher dispatcher) {
    this.recordings = recordings;
    this.responses = responses;
    this.dispatcher = dispatcher;
  }

  void register(Router router) {
    router.addEvaluatingPreconditions(
        "POST",
        PATH,
        (ex, p, preconditions) -> {
          preconditions.run();
          dispatcher.dispatch(
              ex,
              () -> {
                Map<String, Deque<String>> q = ex.getQueryParameters();
                String settings = first(q, "settings", "profile");
                String maxAge = first(q, "max_age", "30m");
                Responses.write(
                    ex, responses.json(201, recordings.start(settings, maxAge), Map.of()));
              });
        });
    router.add("GET", PATH, (ex, p) -> Responses.write(ex, responses.json(recordings.state())));
    router.addEvaluatingPreconditions(
        "POST",
        PATH + "/stop",
        (ex, p, preconditions) -> {
          preconditions.run();
          dispatcher.dispatch(ex, () -> Responses.write(ex, responses.json(recordings.stop())));
        });
    router.add(
        "GET",
        PATH + "/recording",
        (ex, p) ->
            dispatcher.dispatch(
                ex,
                () -> {
                  Path file =
                      recordings
                          .recording()
                          .orElseThrow(
                              () ->
                                  new QueryProblem(
                                      QueryProblem.Kind.NOT_FOUND,
                                      "no finished recording: start one, then stop it",
                                      Map.of()));
                  try {
                    Responses.write(
                        ex,
                        new CachedResponse(
                            200,
                            Map.of(
                                "Content-Type",
                                "application/octet-stream",
                                "Content-Disposition",
                                "attachment; filename=\"" + file.getFileName() + "\""),
                            Files.readAllBytes(file)));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }));
  }

  private static String first(Map<String, Deque<String>> query, String name, String fallback) {
    Deque<String> values = query.get(name);
    return values == null || values.isEmpty() ? fallback : values.getFirst();
  }
}
