package io.netweave.o2ims.bench.notify;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The callback receivers of {@link NotificationLoadRun}: one Undertow server listening on {@code
 * hosts} loopback addresses (127.0.0.1, 127.0.0.2, ...) that answers 503 to {@code failPercent} %
 * of notifications (so retries happen) and 204 otherwise, and records per callback path which
 * notification ids arrived and whether they arrived in creation order.
 *
 * <p>Runs inside the load run's process, or (its {@link #main}) as a process of its own so that the
 * load run's CPU time is the engine's alone: it then prints its callback bases on standard output
 * and answers {@code GET /stats} on the first address with {@code delivered outOfOrder requests
 * refused}; it stops when its standard input closes.
 */
final class LoadReceivers implements AutoCloseable {
  /**
   * What the receivers saw for one subscription (its callback path). The load run's changes each
   * add a node {@code load-i} with {@code i} increasing, and each change is one notification per
   * matching subscription, so a subscription that hears every change once and in order hears
   * strictly increasing numbers: a number equal to the last is a duplicate, a smaller one is out of
   * order (and counted as delivered, as a run that reports it has failed anyway); duplicates are
   * the requests answered 2xx beyond the deliveries. That check keeps three numbers per
   * subscription, where keeping every notification id would keep hundreds of thousands of strings
   * alive for the whole run (the receivers' own garbage collections would then copy them, and their
   * pauses would count in the engine's latency). Only notifications with no node number are told
   * apart by their ids.
   */
  private static final class Seen {
    final Set<String> otherIds = ConcurrentHashMap.newKeySet();
    long lastChange = -1;
    long numbered;
    long outOfOrder;

    /** One receiver at a time per subscription (the engine has one request in flight). */
    synchronized void accept(String body, long change) {
      if (change < 0) {
        int at = body.indexOf("\"notificationId\":\"") + 18;
        otherIds.add(body.substring(at, at + 36));
      } else if (change > lastChange) {
        numbered++;
        lastChange = change;
      } else if (change < lastChange) {
        outOfOrder++;
      }
    }

    synchronized long delivered() {
      return numbered + outOfOrder + otherIds.size();
    }
  }

  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final Map<String, Seen> seenByPath = new ConcurrentHashMap<>();
  private final List<String> bases = new ArrayList<>();
  private final Undertow server;
  private final int failPercent;

  LoadReceivers(int hosts, int failPercent) throws IOException {
    this.failPercent = failPercent;
    Undertow.Builder builder = Undertow.builder().setIoThreads(2).setWorkerThreads(4);
    for (int h = 0; h < hosts; h++) {
      String address = "127.0.0." + (1 + h);
      int port = freePort();
      builder.addHttpListener(port, address);
      bases.add("http://" + address + ":" + port + "/cb/");
    }
    server =
        builder
            .setHandler(
                ex -> {
                  if (ex.getRequestPath().equals("/stats")) {
                    ex.getResponseSender().send(stats());
                    return;
                  }
                  ex.getRequestReceiver().receiveFullString(this::answer);
                })
            .build();
    server.start();
  }

  /** The callback bases, one per host; a subscription's callback is a base and a suffix. */
  List<String> bases() {
    return bases;
  }

  long delivered() {
    return seenByPath.values().stream().mapToLong(Seen::delivered).sum();
  }

  long outOfOrder() {
    return seenByPath.values().stream().mapToLong(s -> s.outOfOrder).sum();
  }

  long requests() {
    return requests.get();
  }

  long refused() {
    return refused.get();
  }

  /** {@code delivered outOfOrder requests refused}. */
  String stats() {
    return delivered() + " " + outOfOrder() + " " + requests() + " " + refused();
  }

  private void answer(HttpServerExchange ex, String body) {
    requests.incrementAndGet();
    if (ThreadLocalRandom.current().nextInt(100) < failPercent) {
      refused.incrementAndGet();
      ex.setStatusCode(503);
    } else {
      seenByPath
          .computeIfAbsent(ex.getRequestPath(), p -> new Seen())
          .accept(body, changeNumber(body));
      ex.setStatusCode(204);
    }
    ex.endExchange();
  }

  /**
   * The number {@code i} of the node {@code load-i} a notification is about, or -1 (the label key
   * {@code load-group}, which --match adds, is skipped: no digit follows its dash).
   */
  private static long changeNumber(String body) {
    for (int at = body.indexOf("load-"); at >= 0; at = body.indexOf("load-", at + 5)) {
      int from = at + 5;
      int to = from;
      while (to < body.length() && Character.isDigit(body.charAt(to))) {
        to++;
      }
      if (to > from) {
        return Long.parseLong(body.substring(from, to));
      }
    }
    return -1;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.stop();
  }

  /**
   * A receiver process: arguments {@code hosts failPercent}; prints {@code bases <base> <base>...}
   * and runs until standard input closes.
   */
  public static void main(String[] args) throws IOException {
    int hosts = args.length == 2 ? parseOrMinusOne(args[0]) : -1;
    int failPercent = args.length == 2 ? parseOrMinusOne(args[1]) : -1;
    if (hosts < 1 || hosts > 254 || failPercent < 0 || failPercent > 100) {
      System.err.println(
          "usage: LoadReceivers HOSTS FAIL_PERCENT (HOSTS 1-254 loopback addresses from 127.0.0.1,"
              + " FAIL_PERCENT 0-100 % of notifications answered 503; started by"
              + " NotificationLoadRun --receivers=process, runs until its standard input closes)");
      System.exit(2);
    }
    try (LoadReceivers receivers = new LoadReceivers(hosts, failPercent)) {
      System.out.println("bases " + String.join(" ", receivers.bases()));
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // runs until the load run closes our standard input (or exits)
      }
    }
    System.exit(0);
  }

  /** The decimal integer {@code text} spells, or -1 if it spells none. */
  private static int parseOrMinusOne(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
