package io.netweave.o2ims.server.internal.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.List;

/**
 * The public keys tokens are verified with. Implementations are thread-safe.
 *
 * @see JwksKeys
 */
public interface VerificationKeys {

  /**
   * The keys with the given key id (every key when {@code keyId} is empty). May block to fetch keys
   * (a JWKS refresh on an unknown key id).
   */
  List<JWK> keys(String keyId);

  /** True when {@link #keys} for this id would answer without blocking. */
  boolean answersWithoutBlocking(String keyId);

  /**
   * Why no key can be offered at all (a JWKS that has never been fetched successfully), or empty
   * when keys are available. Never blocks. A set fetched once and failing to refresh since is still
   * available: its keys keep verifying.
   */
  default java.util.Optional<String> unavailable() {
    return java.util.Optional.empty();
  }

  /** Failed fetches since start (0 for a fixed set). */
  default long fetchFailures() {
    return 0;
  }

  /** A fixed key set (e.g. loaded from {@code auth.static_keys_file}); private parts dropped. */
  static VerificationKeys fixed(JWKSet set) {
    JWKSet publicKeys = set.toPublicJWKSet();
    return new VerificationKeys() {
      @Override
      public List<JWK> keys(String keyId) {
        return keyId.isEmpty()
            ? publicKeys.getKeys()
            : publicKeys.getKeys().stream().filter(k -> keyId.equals(k.getKeyID())).toList();
      }

      @Override
      public boolean answersWithoutBlocking(String keyId) {
        return true;
      }
    };
  }
}
