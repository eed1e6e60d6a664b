/**
 * Sends one command to an async-profiler agent already loaded into a running JVM (started with
 * {@code -agentpath:.../libasyncProfiler.so}), through the JDK's attach API. Loading the agent at
 * start-up rather than on attach matters: attaching a profiling agent later makes the JVM throw
 * away its compiled code and compile it again during the measurement.
 *
 * <p>Run as a single-file program: {@code java bench/profile/AsyncProfilerCommand.java PID LIB
 * COMMAND}, e.g. {@code start,event=cpu,interval=250000,threads} or {@code
 * stop,collapsed,file=out.txt}.
 */
public final class AsyncProfilerCommand {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: AsyncProfilerCommand PID LIBASYNCPROFILER_SO COMMAND");
      System.exit(2);
    }
    var vm = com.sun.tools.attach.VirtualMachine.attach(args[0]);
    try {
      vm.loadAgentPath(args[1], args[2]);
    } finally {
      vm.detach();
    }
  }
}
