package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationSignature;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotificationListenerIT {
  static final String SECRET = "listener-secret";
  final List<InventoryChangeNotification> received = new CopyOnWriteArrayList<>();
  final AtomicBoolean failHandler = new AtomicBoolean();
  final OkHttpClient http = new OkHttpClient();
  final NotificationListener listener =
      NotificationListener.start(
          NotificationReceiver.builder().secret(SECRET).build(),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          "/o2ims/notifications",
          n -> {
            if (failHandler.get()) {
              throw new IllegalStateException("downstream queue full");
            }
            received.add(n);
          });

  @AfterEach
  void stop() {
    listener.close();
    http.connectionPool().evictAll();
    http.dispatcher().executorService().shutdown();
  }

  private Response post(byte[] body, String signature) throws Exception {
    Request.Builder request =
        new Request.Builder()
            .url(listener.callbackUri().toString())
            .post(RequestBody.create(body, MediaType.get("application/json")));
    if (signature != null) {
      request.header(NotificationSignature.HEADER, signature);
    }
    return http.newCall(request.build()).execute();
  }

  @Test
  void aSignedNotificationIsDeliveredToTheHandlerAndAnswered204() throws Exception {
    byte[] body = NotificationReceiverTest.body("0");
    try (Response response =
        post(body, NotificationSignature.withSecret(SECRET).sign(Instant.now(), body))) {
      assertThat(response.code()).isEqualTo(204);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1);
    assertThat(received.get(0).notificationId()).isEqualTo(NotificationReceiverTest.NOTIFICATION);
  }

  @Test
  void anUnsignedNotificationIsRefusedWithAProblem() throws Exception {
    try (Response response = post(NotificationReceiverTest.body("0"), null)) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(response.body().string()).contains("MISSING");
    }
    assertThat(received).isEmpty();
  }

  @Test
  void theProbeGetIsAnswered204() throws Exception {
    try (Response response =
        http.newCall(new Request.Builder().url(listener.callbackUri().toString()).build())
            .execute()) {
      assertThat(response.code()).isEqualTo(204);
    }
  }

  @Test
  void aFailingHandlerAnswers500SoTheServerDeliversAgain() throws Exception {
    failHandler.set(true);
    byte[] body = NotificationReceiverTest.body("1");
    try (Response response =
        post(body, NotificationSignature.withSecret(SECRET).sign(Instant.now(), body))) {
      assertThat(response.code()).isEqualTo(500);
    }
  }

  @Test
  void otherPathsAreNotFound() throws Exception {
    String other = listener.callbackUri().toString() + "/elsewhere";
    try (Response response = http.newCall(new Request.Builder().url(other).build()).execute()) {
      assertThat(response.code()).isEqualTo(404);
    }
  }
}
