package io.netweave.o2ims.server.internal.security;

import java.util.Locale;

/** The security posture of a gateway process ({@code --profile}, key {@code profile}). */
public enum Profile {
  /** The README's run command: plain HTTP unless a certificate is given, no authentication. */
  DEMO,
  /**
   * TLS, bearer-token authentication and rate limits on; the start is refused when a setting they
   * need is missing.
   */
  PRODUCTION;

  /** Parses {@code demo} or {@code production}; throws IllegalArgumentException otherwise. */
  public static Profile parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "demo" -> DEMO;
      case "production" -> PRODUCTION;
      default -> throw new IllegalArgumentException("expected demo or production, got " + text);
    };
  }
}
