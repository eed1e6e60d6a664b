package io.netweave.o2ims.client.internal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.client.NotificationListener;
import io.netweave.o2ims.client.NotificationReceiver;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.client.Subscriptions;
import io.netweave.o2ims.model.AlarmEventNotification;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.SubscriptionRequest;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code watch}: subscribes a temporary callback (a listener this command starts) to inventory
 * changes and alarm events, prints each event as it arrives (a table row, or one JSON line with
 * {@code -o json}), and deletes the subscriptions when it ends: after {@code --count} events, or on
 * Ctrl-C (a shutdown hook). The inventory subscription is made in the view {@code --api-version}
 * chooses, so its events carry that view's shapes. The way an operator checks a gateway end to end.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Subscribe a temporary callback and print inventory and alarm events as they arrive;"
            + " the subscriptions are removed on exit.")
final class WatchCommand implements Callable<Integer> {
  private static final String PATH = "/o2ims-watch";
  private static final ObjectMapper COMPACT = O2Json.newMapper();

  private final O2imsCli root;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1:0",
      description =
          "host:port the callback listener binds (default ${DEFAULT-VALUE}; 0 = any port)")
  String listen;

  @Option(
      names = "--callback-url",
      description = "the callback URL the server should call, when it differs from the listener's")
  URI callbackUrl;

  @Option(names = "--no-inventory", description = "do not watch inventory changes")
  boolean noInventory;

  @Option(names = "--no-alarms", description = "do not watch alarm events")
  boolean noAlarms;

  @Option(names = "--inventory-filter", description = "filter of the inventory subscription")
  String inventoryFilter;

  @Option(
      names = "--alarm-filter",
      description = "filter of the alarm subscription (NEW, CHANGE, CLEAR, ACKNOWLEDGE or SOL013)")
  String alarmFilter;

  @Option(
      names = "--count",
      defaultValue = "0",
      description = "stop after this many events (default: run until interrupted)")
  int count;

  WatchCommand(O2imsCli root) {
    this.root = root;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (noInventory && noAlarms) {
      throw new IllegalArgumentException("--no-inventory and --no-alarms leave nothing to watch");
    }
    PrintWriter out = root.spec.commandLine().getOut();
    PrintWriter err = root.spec.commandLine().getErr();
    boolean json = root.output == O2imsCli.Format.json;
    CountDownLatch done = new CountDownLatch(count > 0 ? count : 1);
    AtomicInteger seen = new AtomicInteger();
    Events events = new Events(out, json);
    try (O2imsClient client = root.client();
        NotificationListener listener =
            NotificationListener.start(
                NotificationReceiver.builder().unsigned().build(),
                address(listen),
                PATH,
                // With --count, an event past it (one that arrives while the subscriptions are
                // being removed) is not printed; each counted one is printed before it counts.
                n -> {
                  if (count <= 0) {
                    events.inventory(n);
                  } else if (seen.incrementAndGet() <= count) {
                    events.inventory(n);
                    done.countDown();
                  }
                },
                a -> {
                  if (count <= 0) {
                    events.alarm(a);
                  } else if (seen.incrementAndGet() <= count) {
                    events.alarm(a);
                    done.countDown();
                  }
                })) {
      String callback = (callbackUrl != null ? callbackUrl : listener.callbackUri()).toString();
      List<Runnable> removals = new ArrayList<>();
      AtomicBoolean removed = new AtomicBoolean();
      Runnable cleanup =
          () -> {
            if (removed.compareAndSet(false, true)) {
              for (Runnable r : removals) {
                try {
                  r.run();
                } catch (RuntimeException e) {
                  err.println("warning: could not remove a subscription: " + e.getMessage());
                }
              }
              err.flush();
            }
          };
      Thread hook = new Thread(cleanup, "o2ims-watch-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        if (!noInventory) {
          Subscriptions inventory =
              root.apiView(ApiView.V1) == ApiView.V2
                  ? client.v2().subscriptions()
                  : client.subscriptions();
          var s =
              inventory.create(
                  new SubscriptionRequest(
                      callback, Optional.empty(), Optional.ofNullable(inventoryFilter)));
          removals.add(() -> inventory.delete(s.subscriptionId()));
          err.println("inventory subscription " + s.subscriptionId());
        }
        if (!noAlarms) {
          var a =
              client
                  .alarmSubscriptions()
                  .create(
                      new SubscriptionRequest(
                          callback, Optional.empty(), Optional.ofNullable(alarmFilter)));
          removals.add(() -> client.alarmSubscriptions().delete(a.alarmSubscriptionId()));
          err.println("alarm subscription " + a.alarmSubscriptionId());
        }
        err.println("watching via " + callback + (count > 0 ? "" : " (Ctrl-C to stop)"));
        err.flush();
        done.await();
      } finally {
        cleanup.run();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook runs (or ran) the same cleanup
        }
      }
    }
    return 0;
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--listen takes host:port, not " + hostPort);
    }
    try {
      return new InetSocketAddress(
          hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--listen takes host:port, not " + hostPort, e);
    }
  }

  /** Prints events, one line each, from the listener's threads (serialized here). */
  private static final class Events {
    private final PrintWriter out;
    private final boolean json;
    private boolean header;

    Events(PrintWriter out, boolean json) {
      this.out = out;
      this.json = json;
    }

    synchronized void inventory(InventoryChangeNotification n) {
      if (json) {
        line(n);
        return;
      }
      row(
          "inventory",
          n.notificationEventType().name(),
          n.objectRef().orElse(""),
          n.postObjectState()
              .or(n::priorObjectState)
              .map(
                  s -> String.valueOf(s.get("name") != null ? s.get("name") : s.get("description")))
              .orElse(""));
    }

    synchronized void alarm(AlarmEventNotification a) {
      if (json) {
        line(a);
        return;
      }
      row(
          "alarm",
          a.notificationEventType().name(),
          a.objectRef(),
          a.extensions().getOrDefault("alarmName", "")
              + " "
              + a.perceivedSeverity().name()
              + " node="
              + a.extensions().getOrDefault("nodeName", ""));
    }

    private void line(Object value) {
      try {
        out.println(COMPACT.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the model's records are always writable", e);
      }
      out.flush();
    }

    private void row(String kind, String event, String object, String detail) {
      if (!header) {
        out.println(String.format("%-9s  %-11s  %-90s  %s", "KIND", "EVENT", "OBJECT", "DETAIL"));
        header = true;
      }
      out.println(String.format("%-9s  %-11s  %-90s  %s", kind, event, object, detail));
      out.flush();
    }
  }
}
