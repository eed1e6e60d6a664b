package io.netweave.o2ims.server.spi;

import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * The owner of a stored subscription ({@link StoredSubscription#owner()}) as a key that says how
 * its principal authenticated, so that a bearer token and a client certificate never share an
 * owner. Stateless; every method is a pure function.
 *
 * <ul>
 *   <li>{@code token:<issuer>|<sub>}: a bearer token. The issuer is part of the key because OpenID
 *       Connect makes {@code sub} unique only within its issuer: were a second issuer accepted, its
 *       users could otherwise choose the {@code sub} of the first one's. ({@code |} and {@code %}
 *       in the issuer are percent-escaped, so the first {@code |} ends it.)
 *   <li>{@code cert:<DN>}: a client certificate, by its subject DN in RFC 2253 form (the form
 *       {@link X500Principal#getName()} gives, which is how the gateway names certificates).
 *   <li>{@code anonymous}: no authentication (the demo profile, where every request is an admin).
 *   <li>{@code legacy:<subject>}: read from a record stored before owners were namespaced, whose
 *       owner is a bare subject; this release never writes one.
 * </ul>
 *
 * <p>Design note: a bare owner does not say whether a token or a certificate made it, so it is
 * never rewritten; each read decides with {@link #owns} who it belongs to. A bare subject that a
 * certificate could have (it parses as a DN and {@link X500Principal#getName()} gives it back
 * unchanged) belongs to that certificate, and to no token; {@code anonymous} belongs to no one but
 * admins; any other bare subject is the token's with that {@code sub} (the single issuer a release
 * with bare owners accepted). Ambiguity thus goes to the identity the operator configured (a
 * certificate mapping), never to a claim an issuer's users may influence. Deciding on read, rather
 * than rewriting once at start, keeps it right while replicas of the previous release, which write
 * bare owners, share the Redis store with this one during a rolling upgrade.
 *
 * <p>Stores keep the bare subject in the field previous releases read ({@link #storedSubject}) and
 * the key beside it ({@link #storedKey}), so that a previous release running beside this one or
 * after a rollback still finds each owner's subscriptions; {@link #fromStored} reads both back.
 */
public final class OwnerKeys {
  /** The owner of subscriptions made without authentication. */
  public static final String ANONYMOUS = "anonymous";

  private static final String TOKEN = "token:";
  private static final String CERTIFICATE = "cert:";
  private static final String LEGACY = "legacy:";

  private OwnerKeys() {}

  /** The owner key of a bearer token's principal: its issuer ({@code iss}) and {@code sub}. */
  public static String token(String issuer, String subject) {
    return TOKEN + issuer.replace("%", "%25").replace("|", "%7C") + "|" + subject;
  }

  /** The owner key of a client certificate's principal, by its RFC 2253 subject DN. */
  public static String certificate(String dn) {
    return CERTIFICATE + dn;
  }

  /** The owner key of a record stored with a bare owner (before owners were namespaced). */
  public static String legacy(String bareOwner) {
    return LEGACY + bareOwner;
  }

  /** True for the key of a client certificate's principal. */
  public static boolean isCertificate(String key) {
    return key.startsWith(CERTIFICATE);
  }

  /** True for the key of a record stored with a bare owner. */
  public static boolean isLegacy(String key) {
    return key.startsWith(LEGACY);
  }

  /**
   * The subject alone: a token's {@code sub}, a certificate's DN, {@code anonymous}, a legacy
   * record's bare owner; any other key as it is. What previous releases stored as the owner, and
   * how messages name an owner.
   */
  public static String subject(String key) {
    if (key.startsWith(TOKEN)) {
      return key.substring(key.indexOf('|', TOKEN.length()) + 1);
    }
    if (key.startsWith(CERTIFICATE)) {
      return key.substring(CERTIFICATE.length());
    }
    if (key.startsWith(LEGACY)) {
      return key.substring(LEGACY.length());
    }
    return key;
  }

  /**
   * Whether the principal whose owner key is {@code caller} owns a subscription whose owner is
   * {@code stored}: the same key, or a legacy record's bare owner that {@code caller} stands for
   * (see the class comment).
   */
  public static boolean owns(String caller, String stored) {
    if (isLegacy(caller)) {
      return false;
    }
    if (!isLegacy(stored)) {
      return caller.equals(stored);
    }
    String bare = subject(stored);
    if (caller.startsWith(TOKEN)) {
      return bare.equals(subject(caller)) && !bare.equals(ANONYMOUS) && !certificateShaped(bare);
    }
    if (caller.startsWith(CERTIFICATE)) {
      return bare.equals(subject(caller));
    }
    return caller.equals(ANONYMOUS) && bare.equals(ANONYMOUS);
  }

  /**
   * The stored owners whose subscriptions {@code caller} owns ({@link #owns} holds exactly for
   * these): its own key, then the legacy key of its subject when legacy records with that bare
   * owner are its (see the class comment); none for a legacy key. What a store counts against the
   * caller's quota without reading every record's owner.
   */
  public static List<String> ownedKeys(String caller) {
    if (isLegacy(caller)) {
      return List.of();
    }
    String legacy = legacy(subject(caller));
    return owns(caller, legacy) ? List.of(caller, legacy) : List.of(caller);
  }

  /**
   * The issuer of a token's key ({@code %7C} and {@code %25} read back as {@code |} and {@code %});
   * empty for any other key.
   */
  public static Optional<String> issuer(String key) {
    if (!key.startsWith(TOKEN)) {
      return Optional.empty();
    }
    String escaped = key.substring(TOKEN.length(), key.indexOf('|', TOKEN.length()));
    return Optional.of(escaped.replace("%7C", "|").replace("%25", "%"));
  }

  /**
   * What kind of principal a legacy record's bare owner belongs to on read (see the class comment):
   * {@code certificate} (a DN as a certificate is named), {@code admin} ({@code anonymous}: no one
   * but admins) or {@code token}.
   *
   * @throws IllegalArgumentException if {@code key} is not a legacy key
   */
  public static String legacyHolder(String key) {
    if (!isLegacy(key)) {
      throw new IllegalArgumentException("not a legacy owner key: " + key);
    }
    String bare = subject(key);
    if (certificateShaped(bare)) {
      return "certificate";
    }
    return bare.equals(ANONYMOUS) ? "admin" : "token";
  }

  /**
   * Reads an owner key as an operator types it, to compare with stored owners: {@code
   * token:<issuer>|<sub>} (issuer and sub not empty), {@code cert:<DN>} (a DN, returned in the RFC
   * 2253 form the gateway stores, so {@code cert:CN=a, O=b} finds {@code cert:CN=a,O=b}), {@code
   * anonymous}, or {@code legacy:<subject>}.
   *
   * @throws IllegalArgumentException with a message saying which forms are allowed, if {@code text}
   *     is none of these
   */
  public static String parse(String text) {
    if (text.equals(ANONYMOUS)) {
      return text;
    }
    if (text.startsWith(TOKEN)) {
      int bar = text.indexOf('|', TOKEN.length());
      if (bar > TOKEN.length() && bar < text.length() - 1) {
        return text;
      }
      throw new IllegalArgumentException(
          "a token owner is token:<issuer>|<sub>, with neither empty: '" + text + "'");
    }
    if (text.startsWith(CERTIFICATE)) {
      String dn = text.substring(CERTIFICATE.length());
      try {
        if (!dn.isBlank()) {
          return certificate(new X500Principal(dn).getName());
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "a certificate owner is cert:<subject DN>, and '" + dn + "' is not a DN", e);
      }
      throw new IllegalArgumentException(
          "a certificate owner is cert:<subject DN>: '" + text + "'");
    }
    if (text.startsWith(LEGACY) && text.length() > LEGACY.length()) {
      return text;
    }
    throw new IllegalArgumentException(
        "an owner is token:<issuer>|<sub>, cert:<subject DN>, anonymous or legacy:<subject>,"
            + " not '"
            + text
            + "'");
  }

  /** Whether a client certificate can be named {@code subject}: a DN in RFC 2253 output form. */
  static boolean certificateShaped(String subject) {
    if (subject.indexOf('=') < 0) {
      return false;
    }
    try {
      return new X500Principal(subject).getName().equals(subject);
    } catch (IllegalArgumentException e) {
      // not a DN: no certificate has this name
      return false;
    }
  }

  /** The owner field of a stored record: the bare subject, which previous releases compare. */
  public static String storedSubject(String key) {
    return subject(key);
  }

  /** The owner key field of a stored record; none for a legacy record (it had none). */
  public static Optional<String> storedKey(String key) {
    return isLegacy(key) ? Optional.empty() : Optional.of(key);
  }

  /**
   * The owner of a stored record from its owner field and its owner key field ({@code null} when
   * the record has none: it was written before owners were namespaced).
   */
  public static String fromStored(String storedSubject, String storedKey) {
    return storedKey != null ? storedKey : legacy(storedSubject);
  }
}
