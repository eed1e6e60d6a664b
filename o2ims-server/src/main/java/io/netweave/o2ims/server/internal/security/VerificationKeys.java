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

  /**
   * Whether {@code key} is still among {@link #keys}{@code (keyId)}: what a token verified before
   * needs to be accepted again. May block as {@link #keys} may; implementations answer without
   * building the list.
   */
  default boolean contains(String keyId, JWK key) {
    return keys(keyId).contains(key);
  }

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
      public boolean contains(String keyId, JWK key) {
        return VerificationKeys.contains(publicKeys, keyId, key);
      }

      @Override
      public boolean answersWithoutBlocking(String keyId) {
        return true;
      }
    };
  }

  /**
   * Whether the set holds {@code key} under {@code keyId} (any id when empty): the same instance (a
   * key that verified a token from this set) or an equal key.
   */
  static boolean contains(JWKSet set, String keyId, JWK key) {
    for (JWK candidate : set.getKeys()) {
      if ((keyId.isEmpty() || keyId.equals(candidate.getKeyID()))
          && (candidate == key || candidate.equals(key))) {
        return true;
      }
    }
    return false;
  }
}
