package io.netweave.o2ims.bench.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackClient;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackPolicy;
import io.netweave.o2ims.server.internal.notify.delivery.HostResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * CPU per POST of HTTP clients in the notification engine's pattern (a hand-run tool, not part of
 * the build's tests): {@code threads} threads (the engine's 64 workers), each blocking on one POST
 * at a time, to 4 receiver hosts (127.0.0.1 to .4, the callbacks spread over them) over keep-alive
 * connections, with a notification-shaped JSON body of about 1 KB, answered 204 by {@link
 * LoadReceivers} running in a JVM of their own. Runs one client per invocation for {@code warmup}
 * seconds, then measures {@code seconds} seconds and prints the POSTs, this process's CPU per POST
 * (split by thread kind, {@link ThreadCpu}: the JIT's share should be near 0 after the warm-up) and
 * the receivers' CPU per POST, and the load average. Alternate the clients between invocations for
 * an A/B.
 *
 * <p>Clients: {@code callbackclient} (the engine's {@link CallbackClient}: the callback policy's
 * vetting per POST, a per-host OkHttp client pinned to the vetted addresses, the call deadline
 * watch), {@code okhttp} (OkHttp as {@link CallbackClient#baseClient} configures it, called
 * directly: the client's own cost), {@code jdk} ({@code java.net.http.HttpClient}, HTTP/1.1),
 * {@code apache} (Apache HttpClient 5 classic, a pooling connection manager with 64 connections per
 * route) and {@code socket} (one kept-alive socket per thread and host, the request written with
 * one write and the answer's head read: the floor of a purpose-built HTTP/1.1 exchange, with none
 * of a client's duties: no TLS, no redirects, no stale-connection retry, no timeouts).
 *
 * <p>Run: {@code java -cp jmh-benchmarks/target/benchmarks.jar
 * io.netweave.o2ims.bench.notify.CallbackClientsRun CLIENT [WARMUP_SECONDS [SECONDS [THREADS]]]}
 * (defaults 40, 30, 64).
 */
public final class CallbackClientsRun {
  private static final int HOSTS = 4;

  private CallbackClientsRun() {}

  /** One blocking POST of {@code body} to {@code url}; returns the status. */
  private interface Poster {
    int post(int thread, URI url, byte[] body) throws IOException, InterruptedException;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1
        || args.length > 4
        || !Arrays.stream(args).skip(1).allMatch(a -> a.matches("[1-9][0-9]*"))
        || !List.of("callbackclient", "okhttp", "jdk", "apache", "socket").contains(args[0])) {
      System.err.println(
          "usage: CallbackClientsRun callbackclient|okhttp|jdk|apache|socket"
              + " [WARMUP_SECONDS [SECONDS [THREADS]]] (defaults 40, 30, 64)");
      System.exit(2);
    }
    String client = args[0];
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    String loadBefore = NotificationLoadRun.loadAverage();
    NotificationLoadRun.SeparateReceivers receivers =
        new NotificationLoadRun.SeparateReceivers(HOSTS, 0);
    List<String> bases = receivers.bases();
    List<AutoCloseable> owned = new ArrayList<>();
    Poster poster = poster(client, threads, owned);
    AtomicLong posts = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  run(thread, bases, poster, posts, failures, stop);
                } finally {
                  done.countDown();
                }
              },
              "poster-" + t);
      worker.setDaemon(true);
      worker.start();
    }
    TimeUnit.SECONDS.sleep(warmup);
    long self = ProcessHandle.current().pid();
    ThreadCpu.Sample startSelf = ThreadCpu.of(self);
    ThreadCpu.Sample startReceivers = receivers.threads();
    long startPosts = posts.get();
    long start = System.nanoTime();
    TimeUnit.SECONDS.sleep(seconds);
    long n = posts.get() - startPosts;
    long elapsed = System.nanoTime() - start;
    Map<String, Long> selfCpu = ThreadCpu.of(self).since(startSelf);
    Map<String, Long> receiverCpu = receivers.threads().since(startReceivers);
    stop.set(true);
    done.await(30, TimeUnit.SECONDS);
    long selfTotal = selfCpu.values().stream().mapToLong(Long::longValue).sum();
    long receiverTotal = receiverCpu.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "client=%s threads=%d hosts=%d warm-up %d s; measured %.1f s: %d POSTs (%.0f/s), %d failed%n",
        client, threads, HOSTS, warmup, elapsed / 1e9, n, n / (elapsed / 1e9), failures.get());
    System.out.printf(
        "client process CPU %.0f us per POST (without JIT %.0f us); %s%n",
        selfTotal / 1e3 / Math.max(1, n),
        (selfTotal - selfCpu.get("jit")) / 1e3 / Math.max(1, n),
        ThreadCpu.describe(selfCpu));
    System.out.printf(
        "receiver process CPU %.0f us per POST; %s%n",
        receiverTotal / 1e3 / Math.max(1, n), ThreadCpu.describe(receiverCpu));
    System.out.printf(
        "load average before: %s; after: %s%n", loadBefore, NotificationLoadRun.loadAverage());
    for (AutoCloseable c : owned) {
      c.close();
    }
    receivers.close();
    System.exit(0);
  }

  private static void run(
      int thread,
      List<String> bases,
      Poster poster,
      AtomicLong posts,
      AtomicLong failures,
      AtomicBoolean stop) {
    // Each thread plays one subscription per host (a fixed notification id per thread: the
    // receivers' bookkeeping stays the same size however long the run).
    List<URI> urls = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    for (int h = 0; h < HOSTS; h++) {
      urls.add(URI.create(bases.get(h) + (thread * HOSTS + h)));
      bodies.add(body(UUID.randomUUID()));
    }
    for (long i = 0; !stop.get(); i++) {
      int h = (int) (i % HOSTS);
      try {
        int status = poster.post(thread, urls.get(h), bodies.get(h));
        if (status / 100 == 2) {
          posts.incrementAndGet();
        } else {
          failures.incrementAndGet();
        }
      } catch (IOException e) {
        failures.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** An inventory change notification of about 1 KB, as the engine posts them. */
  static byte[] body(UUID notificationId) {
    String text =
        "{\"notificationId\":\""
            + notificationId
            + "\",\"notificationEventType\":1,\"objectRef\":\"/o2ims-infrastructureInventory/v1/"
            + "resourcePools/6c5ec8c4-6c25-4f8e-9a0e-3b3f4f6b7c21/resources/"
            + "0b0e6c0f-5a57-4c1e-b1e1-0d0f6f6b5c11\",\"priorObjectState\":null,\"postObjectState\":"
            + "{\"resourceId\":\"0b0e6c0f-5a57-4c1e-b1e1-0d0f6f6b5c11\",\"resourceTypeId\":"
            + "\"7f0a8c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b\",\"resourcePoolId\":"
            + "\"6c5ec8c4-6c25-4f8e-9a0e-3b3f4f6b7c21\",\"globalAssetId\":\"urn:netweave:node:edge-17\","
            + "\"description\":\"Kubernetes node edge-17\",\"elements\":[],\"tags\":[],"
            + "\"extensions\":{\"nodeName\":\"edge-17\",\"ready\":true,\"cpu\":\"16\",\"memory\":"
            + "\"65536Mi\",\"architecture\":\"amd64\",\"kubeletVersion\":\"v1.31.2\",\"labels\":"
            + "{\"kubernetes.io/arch\":\"amd64\",\"kubernetes.io/hostname\":\"edge-17\","
            + "\"node-role.kubernetes.io/worker\":\"\",\"topology.kubernetes.io/zone\":\"zone-b\"},"
            + "\"conditions\":{\"Ready\":\"True\",\"MemoryPressure\":\"False\",\"DiskPressure\":"
            + "\"False\",\"PIDPressure\":\"False\"},\"addresses\":[\"10.0.3.17\"]}}}";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Poster poster(String client, int threads, List<AutoCloseable> owned)
      throws IOException {
    Duration timeout = Duration.ofSeconds(10);
    switch (client) {
      case "callbackclient":
        {
          ObjectMapper mapper = O2Json.newMapper();
          OkHttpClient base = CallbackClient.baseClient(timeout, threads);
          CallbackPolicy policy =
              new CallbackPolicy(true, List.of("127.0.0.0/8"), HostResolver.system());
          CallbackClient callbacks =
              new CallbackClient(base, policy, Map.of(), mapper, Clock.systemUTC(), threads);
          owned.add(() -> base.connectionPool().evictAll());
          // The engine posts a String body (the client keeps its UTF-8 bytes by identity).
          Map<byte[], String> texts = new java.util.IdentityHashMap<>();
          return (thread, url, body) -> {
            String text;
            synchronized (texts) {
              text = texts.computeIfAbsent(body, b -> new String(b, StandardCharsets.UTF_8));
            }
            CallbackClient.Outcome outcome = callbacks.post(url.toString(), text);
            return outcome instanceof CallbackClient.Outcome.Delivered d ? d.status() : 599;
          };
        }
      case "okhttp":
        {
          OkHttpClient http = CallbackClient.baseClient(timeout, threads);
          owned.add(() -> http.connectionPool().evictAll());
          MediaType json = MediaType.get("application/json");
          return (thread, url, body) -> {
            Request request =
                new Request.Builder()
                    .url(url.toString())
                    .post(RequestBody.create(body, json))
                    .build();
            try (Response response = http.newCall(request).execute()) {
              return response.code();
            }
          };
        }
      case "jdk":
        {
          java.net.http.HttpClient http =
              java.net.http.HttpClient.newBuilder()
                  .version(java.net.http.HttpClient.Version.HTTP_1_1)
                  .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                  .connectTimeout(timeout)
                  .build();
          return (thread, url, body) ->
              http.send(
                      java.net.http.HttpRequest.newBuilder(url)
                          .timeout(timeout)
                          .header("Content-Type", "application/json")
                          .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                          .build(),
                      java.net.http.HttpResponse.BodyHandlers.discarding())
                  .statusCode();
        }
      case "apache":
        {
          CloseableHttpClient http =
              HttpClients.custom()
                  .setConnectionManager(
                      PoolingHttpClientConnectionManagerBuilder.create()
                          .setMaxConnPerRoute(threads)
                          .setMaxConnTotal(threads * HOSTS)
                          .build())
                  .disableRedirectHandling()
                  .disableAutomaticRetries()
                  .build();
          owned.add(http);
          return (thread, url, body) -> {
            HttpPost post = new HttpPost(url);
            post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            return http.execute(
                post,
                response -> {
                  EntityUtils.consume(response.getEntity());
                  return response.getCode();
                });
          };
        }
      case "socket":
        {
          Socket[][] sockets = new Socket[threads][HOSTS];
          owned.add(
              () -> {
                for (Socket[] row : sockets) {
                  for (Socket s : row) {
                    if (s != null) {
                      s.close();
                    }
                  }
                }
              });
          return (thread, url, body) -> exchange(sockets[thread], url, body);
        }
      default:
        throw new IllegalArgumentException(
            "client must be callbackclient, okhttp, jdk, apache or socket, not " + client);
    }
  }

  /** One HTTP/1.1 POST on a kept-alive socket (opened on first use): one write, the head read. */
  private static int exchange(Socket[] byHost, URI url, byte[] body) throws IOException {
    int host = url.getHost().charAt(url.getHost().length() - 1) - '1';
    Socket socket = byHost[host];
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()));
      byHost[host] = socket;
    }
    byte[] head =
        ("POST "
                + url.getRawPath()
                + " HTTP/1.1\r\nHost: "
                + url.getHost()
                + ":"
                + url.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    OutputStream out = socket.getOutputStream();
    out.write(request);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[1024];
    int length = 0;
    while (true) {
      int read = in.read(buffer, length, buffer.length - length);
      if (read < 0) {
        throw new IOException("connection closed");
      }
      length += read;
      String text = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        // The receivers answer 204 (no body) to every POST of this run.
        if (end + 4 != length) {
          throw new IOException("unexpected answer body");
        }
        return Integer.parseInt(text.substring(9, 12));
      }
      if (length == buffer.length) {
        throw new IOException("answer head too long");
      }
    }
  }
}
