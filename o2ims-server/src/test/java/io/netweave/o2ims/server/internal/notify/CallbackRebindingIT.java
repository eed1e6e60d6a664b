package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackClient;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackPolicy;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackRefusedException;
import io.netweave.o2ims.server.internal.notify.delivery.HostResolver;
import io.netweave.o2ims.server.internal.notify.embedded.LocalLeases;
import io.netweave.o2ims.server.internal.notify.embedded.MvStoreOutbox;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callback vetting at create and at every delivery, with a resolver whose answer the test changes
 * (DNS rebinding), the connection pinned to the vetted address, and the optional probe.
 */
class CallbackRebindingIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  private final CallbackReceiver receiver = new CallbackReceiver();
  private final Engines engines = new Engines();
  private final AtomicReference<String> answer = new AtomicReference<>("127.0.0.1");
  private final HostResolver resolver =
      host -> {
        if (!host.equals("hooks.smo.test")) {
          throw new java.net.UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(answer.get()));
      };
  @TempDir Path dataDir;

  @AfterEach
  void close() {
    engines.close();
    receiver.close();
  }

  private String callback(String path) {
    return "http://hooks.smo.test:" + receiver.port() + path;
  }

  @Test
  void aNameThatRebindsToAMetadataAddressAfterCreateIsRefusedAtDelivery() {
    redisServer.get().flushAll();
    NotificationSettings settings = Engines.settings(2);
    CallbackClient client = engines.client(settings, resolver);
    SubscriptionCallbackValidator validator =
        new SubscriptionCallbackValidator(
            new CallbackPolicy(true, settings.callbackAllowList(), resolver), client, false);
    validator.validate(callback("/cb"));

    RedisSubscriptionStore store =
        new RedisSubscriptionStore(redisServer.get().commands(), "test:");
    store.create(Engines.subscription(callback("/cb"), null, null));
    TestInventory inventory = new TestInventory();
    try (MvStoreOutbox outbox = new MvStoreOutbox(dataDir)) {
      NotificationEngine engine =
          engines.start(
              settings,
              inventory,
              store,
              outbox,
              new LocalLeases(Clock.systemUTC()),
              "r",
              resolver);
      await().atMost(WAIT).until(engine::producing);
      inventory.put(TestInventory.pool(UUID.randomUUID(), "delivered"));
      await().atMost(WAIT).until(() -> receiver.notifications("/cb").size() == 1);
      assertThat(receiver.received("/cb").get(0).headers().get("Host").get(0))
          .isEqualTo("hooks.smo.test:" + receiver.port());

      answer.set("169.254.169.254");
      inventory.put(TestInventory.pool(UUID.randomUUID(), "refused"));
      await().atMost(WAIT).until(() -> engine.deadLetters().size() == 1);
      assertThat(engine.deadLetters().get(0).reason()).contains("169.254.169.254");
      assertThat(receiver.received("/cb")).hasSize(1);
      engine.halt();
    }
  }

  @Test
  void loopbackIsRefusedAtCreateUnlessAllowed() {
    NotificationSettings settings = Engines.settings(2);
    CallbackPolicy strict = new CallbackPolicy(true, List.of(), resolver);
    SubscriptionCallbackValidator validator =
        new SubscriptionCallbackValidator(strict, engines.client(settings, resolver), false);
    assertThatThrownBy(() -> validator.validate(callback("/cb")))
        .isInstanceOf(CallbackRefusedException.class)
        .hasMessageContaining("loopback or private");
    assertThatThrownBy(() -> validator.validate("http://169.254.169.254/latest/meta-data"))
        .isInstanceOf(CallbackRefusedException.class);
  }

  @Test
  void theOptionalProbeRequiresA2xxAnswerToGet() {
    NotificationSettings settings = Engines.settings(2);
    CallbackPolicy policy = new CallbackPolicy(true, settings.callbackAllowList(), resolver);
    OkHttpClient base = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(2)).build();
    CallbackClient client =
        new CallbackClient(base, policy, Map.of(), O2Json.newMapper(), Clock.systemUTC());
    SubscriptionCallbackValidator probing = new SubscriptionCallbackValidator(policy, client, true);
    receiver.answer("/dead", n -> 404);
    probing.validate(callback("/alive"));
    assertThat(receiver.received("/alive"))
        .extracting(CallbackReceiver.Received::method)
        .containsExactly("GET");
    assertThatThrownBy(() -> probing.validate(callback("/dead")))
        .isInstanceOf(CallbackRefusedException.class)
        .hasMessageContaining("404");
    base.connectionPool().evictAll();
  }
}
