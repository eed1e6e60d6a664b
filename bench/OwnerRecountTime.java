import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.internal.notify.redis.RedisSubscriptionStore;
import io.netweave.o2ims.server.spi.OwnerKeys;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Time Redis spends in one subscription create script: when the owner counts are stale (a replica
 * of the previous release wrote since they were last right, so the script counts every record
 * again) and when they are fresh. Fills {@code <prefix>subs} with COUNT subscriptions (100 per
 * owner, through the store itself), then ROUNDS times: bump the revision as a previous release's
 * write does, create one subscription (stale), create another (fresh), and print each script's
 * duration as Redis's SLOWLOG measured it (Redis's own time, no network). Needs a Redis of its own
 * (it runs FLUSHALL):
 *
 * <pre>
 * redis-server --port 6399 --save '' --appendonly no &amp;
 * java -cp o2ims-server/target/o2ims-server.jar bench/OwnerRecountTime.java redis://127.0.0.1:6399 10000 5
 * </pre>
 */
public class OwnerRecountTime {
  public static void main(String[] args) {
    if (args.length != 3 || !args[0].matches("rediss?://.+") || !args[1].matches("[1-9][0-9]*")
        || !args[2].matches("[1-9][0-9]*")) {
      usage();
    }
    String uri = args[0];
    int count = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      redis.flushall();
      SubscriptionStore store = new RedisSubscriptionStore(redis, "bench:");
      for (int i = 0; i < count; i++) {
        store.create(subscription(i / 100, "https://smo.example.com/o2ims/notify/" + i));
      }
      redis.configSet("slowlog-log-slower-than", "0");
      for (int round = 0; round < rounds; round++) {
        redis.incr("bench:subs:revision");
        redis.slowlogReset();
        store.create(subscription(count, "https://smo.example.com/stale/" + round), 1_000_000);
        long stale = scriptMicros(redis);
        redis.slowlogReset();
        store.create(subscription(count, "https://smo.example.com/fresh/" + round), 1_000_000);
        long fresh = scriptMicros(redis);
        System.out.printf(
            "%d subscriptions: stale counts %.2f ms, fresh %.3f ms%n",
            redis.hlen("bench:subs"), stale / 1000.0, fresh / 1000.0);
      }
    } finally {
      client.shutdown();
    }
  }

  private static StoredSubscription subscription(int owner, String callback) {
    return new StoredSubscription(
        new Subscription(
            UUID.randomUUID(),
            Optional.of(UUID.randomUUID()),
            Optional.of("(eq,objectType,Resource);(eq,extensions/ready,false)"),
            callback),
        OwnerKeys.token("https://idp.example.com/realms/o2", "smo-" + owner),
        callback + "\n(eq,objectType,Resource);(eq,extensions/ready,false)\n",
        Instant.now());
  }

  /** The duration of the EVAL or EVALSHA in the slow log (every command is logged). */
  private static long scriptMicros(RedisCommands<String, String> redis) {
    for (Object entry : redis.slowlogGet(10)) {
      List<?> fields = (List<?>) entry;
      List<?> command = (List<?>) fields.get(3);
      if (String.valueOf(command.get(0)).toUpperCase().startsWith("EVAL")) {
        return (Long) fields.get(2);
      }
    }
    throw new IllegalStateException("no script in the slow log");
  }

  static void usage() {
    System.err.println("usage: java -cp o2ims-server/target/o2ims-server.jar bench/OwnerRecountTime.java redis://HOST:PORT COUNT ROUNDS (a Redis of its own: the run flushes it)");
    System.exit(2);
  }
}
