package io.netweave.o2ims.bench.notify;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of a process's threads, grouped by what they are (the JIT compiler, the garbage
 * collector, the rest), read from {@code /proc/PID/task/TID/stat} (Linux; user plus system time, in
 * clock ticks of 10 ms). A HotSpot thread's name tells its kind: {@code C1 CompilerThre...}, {@code
 * C2 CompilerThre...} are the JIT compilers, {@code G1 ...} and {@code GC Thread#...} the
 * collector. The process's own total ({@code /proc/PID/stat}) also counts threads that have ended,
 * so {@link Sample#total} minus the groups' sum is the CPU of threads that ended in between
 * (compiler threads come and go with the JIT's load, {@code UseDynamicNumberOfCompilerThreads}).
 *
 * <p>Not thread-safe; a sample is an immutable snapshot.
 */
final class ThreadCpu {
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

  private ThreadCpu() {}

  /** One reading: CPU nanoseconds per thread id, with each thread's group, and the total. */
  record Sample(Map<Long, Long> byThread, Map<Long, String> groups, long total) {
    /** CPU nanoseconds of each group between {@code earlier} and this sample. */
    Map<String, Long> since(Sample earlier) {
      Map<String, Long> out = new HashMap<>();
      out.put("jit", 0L);
      out.put("gc", 0L);
      out.put("other", 0L);
      for (Map.Entry<Long, Long> e : byThread.entrySet()) {
        long before = earlier.byThread.getOrDefault(e.getKey(), 0L);
        out.merge(groups.get(e.getKey()), e.getValue() - before, Long::sum);
      }
      long counted = out.values().stream().mapToLong(Long::longValue).sum();
      out.put("ended", Math.max(0, total - earlier.total - counted));
      return out;
    }
  }

  /** Reads every thread of process {@code pid}; an empty sample if it cannot (not Linux). */
  static Sample of(long pid) {
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> groups = new HashMap<>();
    long total = 0;
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      total = ticks(Files.readString(proc.resolve("stat")));
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
        for (Path task : tasks) {
          String stat;
          try {
            stat = Files.readString(task.resolve("stat"));
          } catch (IOException ended) {
            continue;
          }
          long tid = Long.parseLong(task.getFileName().toString());
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          cpu.put(tid, ticks(stat));
          groups.put(tid, group(name));
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Sample(Map.of(), Map.of(), 0);
    }
    return new Sample(cpu, groups, total);
  }

  static String group(String threadName) {
    if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) {
      return "jit";
    }
    if (threadName.startsWith("G1 ") || threadName.startsWith("GC Thread")) {
      return "gc";
    }
    return "other";
  }

  /** utime + stime of a {@code stat} line, in nanoseconds. */
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
  }

  /** "jit 12.3 % gc 2.1 % other ... ended ..." of {@code delta}, shares of its sum. */
  static String describe(Map<String, Long> delta) {
    long sum = delta.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder out = new StringBuilder();
    for (String g : new String[] {"jit", "gc", "other", "ended"}) {
      long v = delta.getOrDefault(g, 0L);
      out.append(
          String.format("%s %.1f s (%.1f %%) ", g, v / 1e9, sum == 0 ? 0.0 : 100.0 * v / sum));
    }
    return out.toString().trim();
  }
}
