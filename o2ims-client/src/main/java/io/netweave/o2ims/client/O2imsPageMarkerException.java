package io.netweave.o2ims.client;

import io.netweave.o2ims.model.ProblemDetails;

/**
 * The server refused the next-page link of a list being read (a 400 to the URL its {@code Link:
 * <...>; rel="next"} header named), thrown while the list's stream is consumed, after the items of
 * the pages before. A SOL013 {@code nextpage_opaque_marker} is only good for the server process
 * that wrote it: the gateway restarted without {@code server.page_marker_secret}, the link was
 * followed to a replica with another key, or the marker was altered. Nothing is wrong with the
 * query, and retrying the same link cannot succeed: list again from the first page (a new {@code
 * list} call), keeping in mind that objects already consumed come again. {@link #problem()} is the
 * server's explanation.
 */
public final class O2imsPageMarkerException extends O2imsApiException {
  private static final long serialVersionUID = 1L;

  /**
   * @param url the next-page URL that was refused
   * @param status the HTTP status of the answer
   * @param problem the server's problem, or a synthesized one
   */
  public O2imsPageMarkerException(String url, int status, ProblemDetails problem) {
    super("GET", url, status, problem);
  }
}
