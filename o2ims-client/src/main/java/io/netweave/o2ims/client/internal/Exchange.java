package io.netweave.o2ims.client.internal;

import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * One completed HTTP exchange, body fully read (pages are bounded by the server's page size).
 *
 * @param method the request method
 * @param url the request URL (after redirects)
 * @param status the response status
 * @param headers the response headers
 * @param body the response body, empty when there was none
 */
public record Exchange(String method, HttpUrl url, int status, Headers headers, byte[] body) {
  public Exchange {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /** Whether the status is 2xx. */
  public boolean successful() {
    return status >= 200 && status < 300;
  }
}
