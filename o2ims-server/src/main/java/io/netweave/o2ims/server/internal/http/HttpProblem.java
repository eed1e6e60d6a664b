package io.netweave.o2ims.server.internal.http;

import java.util.Map;

/**
 * A refusal that only the HTTP layer knows (405, 413, 415, 404 for an unknown path), with the
 * response headers it needs ({@code Allow}).
 */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final transient Map<String, String> headers;

  HttpProblem(int status, String title, String detail, Map<String, String> headers) {
    super(detail);
    this.status = status;
    this.title = title;
    this.headers = Map.copyOf(headers);
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  Map<String, String> headers() {
    return headers;
  }
}
