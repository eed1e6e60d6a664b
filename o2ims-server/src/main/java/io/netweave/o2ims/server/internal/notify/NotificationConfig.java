package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackAuth;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code notifications.*} keys (and {@code subscriptions.allow_http_callbacks}, {@code
 * redis.url}) read from the validated configuration values. Immutable.
 *
 * <p>{@code notifications.callback_auth} maps a callback host to its authentication, in YAML:
 *
 * <pre>
 * notifications:
 *   callback_auth:
 *     hooks.smo.example:
 *       hmac_secret: s3cret
 *       oauth2: {token_url: https://idp.example/token, client_id: gw, client_secret: x, scope: o2}
 *       mtls: {key_store: /etc/netweave/client.p12, key_store_password: changeit}
 * </pre>
 *
 * @param store {@code embedded} (MVStore files in the data directory, one replica) or {@code redis}
 *     (subscriptions and outbox in Redis at {@code redis.url}, many replicas)
 */
public record NotificationConfig(
    boolean enabled, String store, String redisUrl, NotificationSettings settings) {

  /**
   * Reads the keys.
   *
   * @throws ConfigException naming the key of a bad value
   */
  public static NotificationConfig from(Map<String, Object> values, ObjectMapper mapper) {
    String store = ((String) values.get("notifications.store")).toLowerCase(Locale.ROOT);
    if (!store.equals("embedded") && !store.equals("redis")) {
      throw new ConfigException(
          "bad value for configuration key notifications.store: expected embedded or redis, got "
              + store);
    }
    String redisUrl = (String) values.get("redis.url");
    if (store.equals("redis") && redisUrl.isBlank()) {
      throw new ConfigException(
          "configuration key redis.url is required when notifications.store is redis");
    }
    @SuppressWarnings("unchecked")
    List<String> allowList = (List<String>) values.get("notifications.callback_allow_list");
    try {
      NotificationSettings settings =
          new NotificationSettings(
              new RetryPolicy(
                  (Integer) values.get("notifications.max_attempts"),
                  (Duration) values.get("notifications.retry_initial_delay"),
                  (Duration) values.get("notifications.retry_max_delay"),
                  (Double) values.get("notifications.retry_jitter")),
              (Duration) values.get("notifications.delivery_timeout"),
              (Integer) values.get("notifications.workers"),
              (Duration) values.get("notifications.poll_interval"),
              (Duration) values.get("notifications.lease_ttl"),
              (Duration) values.get("notifications.subscription_refresh"),
              (Boolean) values.get("subscriptions.allow_http_callbacks"),
              allowList,
              (Boolean) values.get("notifications.probe_callbacks"),
              callbackAuth((String) values.get("notifications.callback_auth"), mapper),
              (String) values.get("notifications.redis_prefix"));
      new io.netweave.o2ims.server.internal.notify.delivery.CallbackPolicy(
          settings.allowHttp(), allowList, host -> List.of());
      return new NotificationConfig(
          (Boolean) values.get("notifications.enabled"), store, redisUrl, settings);
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("bad notifications configuration: " + e.getMessage(), e);
    }
  }

  private static Map<String, CallbackAuth> callbackAuth(String text, ObjectMapper mapper) {
    if (text.isBlank()) {
      return Map.of();
    }
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (IOException e) {
      throw new ConfigException(
          "bad value for configuration key notifications.callback_auth: not a mapping", e);
    }
    if (!root.isObject()) {
      throw new ConfigException(
          "bad value for configuration key notifications.callback_auth: expected a mapping of"
              + " callback host to settings");
    }
    Map<String, CallbackAuth> byHost = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = "notifications.callback_auth." + e.getKey();
      JsonNode n = e.getValue();
      for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!List.of("hmac_secret", "oauth2", "mtls").contains(name)) {
          throw new ConfigException("unknown configuration key " + key + "." + name);
        }
      }
      Optional<CallbackAuth.OAuth2> oauth2 =
          n.has("oauth2")
              ? Optional.of(
                  new CallbackAuth.OAuth2(
                      URI.create(required(n.get("oauth2"), "token_url", key + ".oauth2")),
                      required(n.get("oauth2"), "client_id", key + ".oauth2"),
                      required(n.get("oauth2"), "client_secret", key + ".oauth2"),
                      Optional.ofNullable(n.get("oauth2").get("scope")).map(JsonNode::asText)))
              : Optional.empty();
      Optional<CallbackAuth.Mtls> mtls =
          n.has("mtls")
              ? Optional.of(
                  new CallbackAuth.Mtls(
                      Path.of(required(n.get("mtls"), "key_store", key + ".mtls")),
                      required(n.get("mtls"), "key_store_password", key + ".mtls"),
                      n.get("mtls").path("key_store_type").asText("PKCS12")))
              : Optional.empty();
      byHost.put(
          e.getKey().toLowerCase(Locale.ROOT),
          new CallbackAuth(
              Optional.ofNullable(n.get("hmac_secret")).map(JsonNode::asText), oauth2, mtls));
    }
    return byHost;
  }

  private static String required(JsonNode node, String name, String key) {
    JsonNode v = node.get(name);
    if (v == null || v.asText().isBlank()) {
      throw new ConfigException("configuration key " + key + "." + name + " is required");
    }
    return v.asText();
  }
}
