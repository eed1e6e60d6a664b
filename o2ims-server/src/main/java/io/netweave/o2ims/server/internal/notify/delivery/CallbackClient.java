package io.netweave.o2ims.server.internal.notify.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.NotificationSignature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs notification bodies to callbacks. Before every request the callback is vetted again by the
 * {@link CallbackPolicy} (one resolution) and the connection is pinned to the vetted addresses.
 * Redirects are never followed (a 3xx is a failure); calls past the base client's call timeout are
 * cut ({@link CallDeadlines}). Per-host {@link CallbackAuth} adds a signature, a bearer token or a
 * client certificate.
 *
 * <p>Thread-safe. Borrows the base {@link OkHttpClient} (its pool and dispatcher belong to the
 * composition root); never throws for a failed delivery, it returns {@link Outcome.Failed}.
 */
public final class CallbackClient {
  private static final MediaType JSON = MediaType.get("application/json");

  /** What became of one request. */
  public sealed interface Outcome {
    /** A 2xx answer. */
    record Delivered(int status) implements Outcome {}

    /** A 410 answer: the subscription is to be ended. */
    record Gone() implements Outcome {}

    /** Anything else: refused callback, transport error, timeout, non-2xx status. */
    record Failed(String reason) implements Outcome {}
  }

  private final OkHttpClient base;
  private final int maxIdlePerHost;
  private final CallbackPolicy policy;
  private final Map<String, CallbackAuth> authByHost;
  private final OAuth2Tokens tokens;
  private final Clock clock;
  private final Map<String, OkHttpClient> mtlsClients = new ConcurrentHashMap<>();
  private final Map<String, NotificationSignature> signers = new ConcurrentHashMap<>();

  /**
   * Clients pinned to vetted addresses, reused while DNS answers the same (building one is dear).
   * Each has a connection pool of its own: its keep-alive connections serve that callback host
   * only, and a request looks for an idle connection among them, not among every host's (one pool
   * for all made 64 workers queue on its connection locks).
   */
  private final Map<PinKey, OkHttpClient> pinnedClients = new ConcurrentHashMap<>();

  private static final int MAX_PINNED_CLIENTS = 1024;

  /** OkHttp's parsed form of each vetted callback URL (immutable), parsed once; bounded. */
  private final Map<String, HttpUrl> urls = new ConcurrentHashMap<>();

  private static final int MAX_URLS = 4096;

  private record PinKey(PinnedDns pin, boolean mtls) {}

  /**
   * The UTF-8 bytes of the bodies posted last, by {@code String} identity: a change's body is one
   * {@code String} shared by every subscription's delivery of it (see the outbox's shared bodies),
   * so it is encoded once instead of once per delivery. The bytes are never written to.
   */
  private final RequestBytes requestBytes = new RequestBytes(256);

  /**
   * Cuts calls past the base client's call timeout (the per-host clients have none of their own).
   */
  private final CallDeadlines deadlines;

  /**
   * The base client for callbacks: {@code timeout} per call, and a connection pool that keeps up to
   * {@code workers} idle keep-alive connections for 5 minutes (each delivery worker has at most one
   * request in flight, so every worker finds a warm connection to a busy callback host instead of
   * opening one per request, as OkHttp's default of 5 idle connections would make most of them do).
   * Requests go through per-host clients derived from it, each with a pool of that size. HTTP/2 is
   * used wherever a TLS callback offers it through ALPN (OkHttp's default protocols); a cleartext
   * callback is spoken to in HTTP/1.1 (OkHttp has no h2c upgrade).
   */
  public static OkHttpClient baseClient(Duration timeout, int workers) {
    return new OkHttpClient.Builder()
        .callTimeout(timeout)
        // The call timeout bounds the whole exchange; OkHttp's 10 s read and write timeouts would
        // also put every socket read and write in okio's one watchdog queue (a global lock that 64
        // workers queued on).
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .connectionPool(new ConnectionPool(idleConnectionsFor(workers), 5, TimeUnit.MINUTES))
        .build();
  }

  private static int idleConnectionsFor(int workers) {
    return Math.max(5, workers);
  }

  /**
   * @param base configured with the delivery timeout; redirects are switched off here regardless
   * @param authByHost callback authentication by lower-case host name
   */
  public CallbackClient(
      OkHttpClient base,
      CallbackPolicy policy,
      Map<String, CallbackAuth> authByHost,
      ObjectMapper mapper,
      Clock clock) {
    this(base, policy, authByHost, mapper, clock, 5);
  }

  /**
   * @param workers delivery workers: each callback host keeps up to this many idle keep-alive
   *     connections (at least 5)
   */
  public CallbackClient(
      OkHttpClient base,
      CallbackPolicy policy,
      Map<String, CallbackAuth> authByHost,
      ObjectMapper mapper,
      Clock clock,
      int workers) {
    this.base = base.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.deadlines = new CallDeadlines(Duration.ofMillis(base.callTimeoutMillis()));
    this.maxIdlePerHost = idleConnectionsFor(workers);
    this.policy = policy;
    this.authByHost = Map.copyOf(authByHost);
    this.tokens = new OAuth2Tokens(this.base, mapper, clock);
    this.clock = clock;
  }

  /** POSTs {@code body} to {@code callback}. */
  public Outcome post(String callback, String body) {
    CallbackPolicy.Vetted vetted;
    try {
      vetted = policy.vet(callback);
    } catch (CallbackRefusedException e) {
      return new Outcome.Failed("refused: " + e.getMessage());
    }
    byte[] bytes = requestBytes.of(body);
    CallbackAuth auth = authByHost.getOrDefault(vetted.host(), CallbackAuth.NONE);
    Request.Builder request =
        new Request.Builder().url(httpUrl(vetted)).post(RequestBody.create(bytes, JSON));
    try {
      if (auth.hmacSecret().isPresent()) {
        NotificationSignature signer =
            signers.computeIfAbsent(
                vetted.host(), h -> NotificationSignature.withSecret(auth.hmacSecret().get()));
        request.header(NotificationSignature.HEADER, signer.sign(clock.instant(), bytes));
      }
      if (auth.oauth2().isPresent()) {
        request.header("Authorization", "Bearer " + tokens.token(auth.oauth2().get()));
      }
      Call call = client(vetted, auth).newCall(request.build());
      CallDeadlines.Watch watch = deadlines.watch(call);
      try (watch;
          Response response = call.execute()) {
        int status = response.code();
        if (status >= 200 && status < 300) {
          return new Outcome.Delivered(status);
        }
        if (status == 410) {
          return new Outcome.Gone();
        }
        return new Outcome.Failed("HTTP " + status);
      } catch (IOException e) {
        if (watch.cut()) {
          return new Outcome.Failed(
              "timeout: no complete answer within " + deadlines.timeout().toMillis() + " ms");
        }
        throw e;
      }
    } catch (IOException e) {
      return new Outcome.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private HttpUrl httpUrl(CallbackPolicy.Vetted vetted) {
    String text = vetted.uri().toString();
    HttpUrl url = urls.get(text);
    if (url == null) {
      url = HttpUrl.get(text);
      if (urls.size() >= MAX_URLS) {
        urls.clear();
      }
      urls.put(text, url);
    }
    return url;
  }

  /**
   * Checks that a callback answers a GET with 2xx (the optional probe at subscription create).
   *
   * @throws CallbackRefusedException if it is refused by the policy or does not answer 2xx
   */
  public void probe(String callback) {
    CallbackPolicy.Vetted vetted = policy.vet(callback);
    CallbackAuth auth = authByHost.getOrDefault(vetted.host(), CallbackAuth.NONE);
    Request request = new Request.Builder().url(vetted.uri().toString()).get().build();
    try {
      Call call = client(vetted, auth).newCall(request);
      try (CallDeadlines.Watch watch = deadlines.watch(call);
          Response response = call.execute()) {
        if (!response.isSuccessful()) {
          throw new CallbackRefusedException(
              "callback probe (GET) answered " + response.code() + ", not 2xx");
        }
      }
    } catch (IOException e) {
      throw new CallbackRefusedException("callback probe (GET) failed: " + e.getMessage());
    }
  }

  private OkHttpClient client(CallbackPolicy.Vetted vetted, CallbackAuth auth) throws IOException {
    OkHttpClient chosen = base;
    if (auth.mtls().isPresent()) {
      chosen = mtlsClients.get(vetted.host());
      if (chosen == null) {
        chosen = withClientCertificate(auth.mtls().get());
        mtlsClients.put(vetted.host(), chosen);
      }
    }
    PinnedDns pin = new PinnedDns(vetted.host().toLowerCase(Locale.ROOT), vetted.addresses());
    PinKey key = new PinKey(pin, auth.mtls().isPresent());
    OkHttpClient pinned = pinnedClients.get(key);
    if (pinned != null) {
      return pinned;
    }
    OkHttpClient parent = chosen;
    if (pinnedClients.size() > MAX_PINNED_CLIENTS) {
      evictPinned();
    }
    return pinnedClients.computeIfAbsent(
        key,
        k ->
            parent
                .newBuilder()
                .dns(pin)
                // the call timeout is kept by this client's deadlines, not by okio's watchdog
                .callTimeout(Duration.ZERO)
                .dispatcher(new Dispatcher())
                .connectionPool(new ConnectionPool(maxIdlePerHost, 5, TimeUnit.MINUTES))
                .build());
  }

  /**
   * Closes the idle keep-alive connections of every callback host (shutdown; in-flight requests
   * finish on theirs).
   */
  public void close() {
    evictPinned();
    deadlines.close();
  }

  private void evictPinned() {
    for (OkHttpClient c : pinnedClients.values()) {
      c.connectionPool().evictAll();
    }
    pinnedClients.clear();
  }

  private OkHttpClient withClientCertificate(CallbackAuth.Mtls mtls) throws IOException {
    try (InputStream in = Files.newInputStream(mtls.keyStore())) {
      KeyStore store = KeyStore.getInstance(mtls.type());
      store.load(in, mtls.password().toCharArray());
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, mtls.password().toCharArray());
      X509TrustManager trust = base.x509TrustManager();
      if (trust == null) {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        trust = (X509TrustManager) tmf.getTrustManagers()[0];
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), new TrustManager[] {trust}, null);
      return base.newBuilder().sslSocketFactory(context.getSocketFactory(), trust).build();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the callback client certificate: " + e.getMessage(), e);
    }
  }
}
