package io.netweave.o2ims.server.internal.notify.delivery;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gateway authenticates itself to one callback host, configured per host under {@code
 * notifications.callback_auth.<host>} (a gateway extension that leaves the O2 subscription body
 * unchanged). Any combination may be set. Immutable.
 *
 * @param hmacSecret signs every body ({@link io.netweave.o2ims.model.NotificationSignature})
 * @param oauth2 sends {@code Authorization: Bearer} with a client-credentials token
 * @param mtls presents this client certificate in the TLS handshake
 */
public record CallbackAuth(
    Optional<String> hmacSecret, Optional<OAuth2> oauth2, Optional<Mtls> mtls) {
  public CallbackAuth {
    hmacSecret = Objects.requireNonNullElse(hmacSecret, Optional.empty());
    oauth2 = Objects.requireNonNullElse(oauth2, Optional.empty());
    mtls = Objects.requireNonNullElse(mtls, Optional.empty());
  }

  /** No authentication. */
  public static final CallbackAuth NONE =
      new CallbackAuth(Optional.empty(), Optional.empty(), Optional.empty());

  /** An OAuth2 client-credentials grant at {@code tokenUrl}. */
  public record OAuth2(URI tokenUrl, String clientId, String clientSecret, Optional<String> scope) {
    public OAuth2 {
      Objects.requireNonNull(tokenUrl, "token_url");
      Objects.requireNonNull(clientId, "client_id");
      Objects.requireNonNull(clientSecret, "client_secret");
      scope = Objects.requireNonNullElse(scope, Optional.empty());
    }
  }

  /**
   * A client certificate in a key store file.
   *
   * @param type the key store type, e.g. {@code PKCS12}
   */
  public record Mtls(Path keyStore, String password, String type) {
    public Mtls {
      Objects.requireNonNull(keyStore, "key_store");
      Objects.requireNonNull(password, "key_store_password");
      Objects.requireNonNull(type, "key_store_type");
    }
  }
}
