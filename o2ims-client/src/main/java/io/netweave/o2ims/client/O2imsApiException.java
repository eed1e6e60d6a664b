package io.netweave.o2ims.client;

import io.netweave.o2ims.model.ProblemDetails;
import java.util.Objects;

/**
 * The server answered with a non-2xx status. {@link #problem()} is the server's {@code
 * application/problem+json} body, or one synthesized from the status line and the start of the body
 * when the server sent something else (a proxy's HTML page, pti-style JSON). Java serialization
 * keeps the problem, status and message (a queue, RMI or a test harness gets the whole problem).
 */
public class O2imsApiException extends O2imsException {
  private static final long serialVersionUID = 1L;

  private final ProblemDetails problem;
  private final int status;

  /**
   * @param method the request method
   * @param url the request URL
   * @param status the HTTP status of the answer (which a problem body may contradict)
   * @param problem the server's problem, or a synthesized one
   */
  public O2imsApiException(String method, String url, int status, ProblemDetails problem) {
    super(message(method, url, status, problem));
    this.problem = Objects.requireNonNull(problem, "problem");
    this.status = status;
  }

  private static String message(String method, String url, int status, ProblemDetails problem) {
    String detail = problem.detail().isEmpty() ? problem.title() : problem.detail();
    return method + " " + url + " failed with " + status + ": " + detail;
  }

  /** The HTTP status code of the answer. */
  public int status() {
    return status;
  }

  /** The problem the server described (or a synthesized one; see the class comment). */
  public ProblemDetails problem() {
    return problem;
  }
}
