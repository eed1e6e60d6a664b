package io.netweave.o2ims.client.internal.cli;

import io.netweave.o2ims.client.ClientTls;
import io.netweave.o2ims.client.O2imsApiException;
import io.netweave.o2ims.client.O2imsCertificateException;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.client.O2imsException;
import io.netweave.o2ims.client.O2imsPageMarkerException;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ProblemDetails;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code o2ims}: query any O2-IMS inventory endpoint from a shell.
 *
 * <pre>
 * o2ims --url URL [--token T] resource-pools list --filter '(eq,name,x)' --fields name
 * o2ims --url URL -o json resources list --pool POOL_ID
 * o2ims --url URL --api-version v2 resource-pools list    # v2 shapes (oCloudSiteId)
 * o2ims --url URL subscriptions create --callback https://smo/cb --filter '(eq,objectType,Resource)'
 * O2IMS_URL=URL o2ims alarms list --filter '(eq,perceivedSeverity,0)'
 * o2ims --url URL alarms ack ALARM_ID
 * o2ims --url URL alarms config --retention-period 7
 * o2ims --url URL alarm-subscriptions create --callback https://smo/alarms --filter CLEAR
 * o2ims --url URL -o json watch        # prints inventory and alarm events until Ctrl-C
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 the server answered an error, 2 bad usage or an invalid query, 3 no
 * answer (transport failure, untrusted server certificate, timeout). A failure is one line on
 * stderr, {@code error: ...} (for a server error its status, title, detail and additional
 * attributes); {@code --verbose} adds the whole problem as JSON and the stack trace.
 */
@Command(
    name = "o2ims",
    mixinStandardHelpOptions = true,
    versionProvider = O2imsCli.Version.class,
    description =
        "Query an O2-IMS inventory API (/o2ims-infrastructureInventory/v1 and v2) and monitoring"
            + " API (/o2ims-infrastructureMonitoring/v1).")
public final class O2imsCli implements Callable<Integer> {
  /** {@code --version}: the version the packaged CLI jar's manifest carries. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = O2imsCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "o2ims " + (version != null ? version : "(unknown: not run from the packaged jar)")
      };
    }
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      defaultValue = "${env:O2IMS_URL}",
      description = "Server root, e.g. https://o2ims.example.net (default: $O2IMS_URL)")
  String url;

  @Option(
      names = "--token",
      defaultValue = "${env:O2IMS_TOKEN}",
      description = "Bearer token (default: $O2IMS_TOKEN)")
  String token;

  @Option(names = "--ca-file", description = "PEM file of the CA certificates to trust")
  Path caFile;

  @Option(names = "--cert", description = "PEM client certificate chain (mTLS); needs --key")
  Path certFile;

  @Option(
      names = "--key",
      description = "PEM client private key: PKCS#8, PKCS#1 RSA or SEC1 EC (mTLS)")
  Path keyFile;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      description = "Read timeout in seconds (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(
      names = {"-v", "--verbose"},
      scope = CommandLine.ScopeType.INHERIT,
      description = "On failure, also print the server's problem as JSON and the stack trace")
  boolean verbose;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      // Also after a subcommand (`watch -o json`), as kubectl users write it.
      scope = CommandLine.ScopeType.INHERIT,
      description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  Format output;

  @Option(
      names = "--api-version",
      paramLabel = "VERSION",
      // Also after a subcommand, as -o.
      scope = CommandLine.ScopeType.INHERIT,
      converter = ApiVersionConverter.class,
      description =
          "Inventory API version the inventory commands read and subscribe in: v1 (R004-era"
              + " shapes) or v2 (R005-v11 shapes: pools in O-Cloud sites, types naming their"
              + " alarm dictionary). Default v1; sites and locations exist in v2 only, the"
              + " monitoring API (alarms) in v1 only.")
  ApiView apiVersion;

  /** {@code v1} or {@code v2} (any case), as the URL segment writes it. */
  static final class ApiVersionConverter implements CommandLine.ITypeConverter<ApiView> {
    @Override
    public ApiView convert(String value) {
      for (ApiView view : ApiView.values()) {
        if (view.segment().equalsIgnoreCase(value)) {
          return view;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not an inventory API version: give v1 or v2");
    }
  }

  /** The view {@code --api-version} chose, or the command's default when none was given. */
  ApiView apiView(ApiView byDefault) {
    return apiVersion != null ? apiVersion : byDefault;
  }

  /** Output formats. */
  enum Format {
    json,
    table
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand and the exit-code mapping. */
  public static CommandLine commandLine() {
    O2imsCli root = new O2imsCli();
    CommandLine cl = new CommandLine(root);
    cl.addSubcommand("ocloud", new OCloudCommand(root));
    cl.addSubcommand(
        "resource-types",
        new CollectionCommand(
            root,
            "resource types",
            Map.of(
                ApiView.V1,
                new CollectionCommand.View(
                    c -> c.resourceTypes(),
                    List.of(
                        "resourceTypeId",
                        "name",
                        "vendor",
                        "model",
                        "resourceClass",
                        "resourceKind")),
                ApiView.V2,
                new CollectionCommand.View(
                    c -> c.v2().resourceTypes(),
                    List.of(
                        "resourceTypeId",
                        "name",
                        "vendor",
                        "model",
                        "resourceClass",
                        "resourceKind",
                        "alarmDictionaryId")))));
    cl.addSubcommand(
        "resource-pools",
        new CollectionCommand(
            root,
            "resource pools",
            Map.of(
                ApiView.V1,
                new CollectionCommand.View(
                    c -> c.resourcePools(),
                    List.of(
                        "resourcePoolId", "name", "location", "globalLocationId", "description")),
                ApiView.V2,
                new CollectionCommand.View(
                    c -> c.v2().resourcePools(),
                    List.of("resourcePoolId", "name", "oCloudSiteId", "description")))));
    cl.addSubcommand("resources", new ResourcesCommand(root));
    cl.addSubcommand(
        "deployment-managers",
        new CollectionCommand(
            root,
            "deployment managers",
            Map.of(
                ApiView.V1,
                new CollectionCommand.View(
                    c -> c.deploymentManagers(),
                    List.of("deploymentManagerId", "name", "serviceUri", "description")),
                ApiView.V2,
                new CollectionCommand.View(
                    c -> c.v2().deploymentManagers(),
                    List.of("deploymentManagerId", "name", "serviceUri", "description")))));
    cl.addSubcommand("subscriptions", new SubscriptionsCommand(root));
    cl.addSubcommand(
        "sites",
        new CollectionCommand(
            root,
            "O-Cloud sites",
            Map.of(
                ApiView.V2,
                new CollectionCommand.View(
                    c -> c.v2().oCloudSites(),
                    List.of("oCloudSiteId", "name", "globalLocationId", "resourcePools")))));
    cl.addSubcommand("locations", new LocationsCommand(root));
    cl.addSubcommand("alarms", new AlarmsCommand(root));
    cl.addSubcommand("alarm-subscriptions", new AlarmSubscriptionsCommand(root));
    cl.addSubcommand("watch", new WatchCommand(root));
    describe(cl, "resource-types", "List or get resource types.");
    describe(cl, "sites", "List or get O-Cloud sites (v2).");
    describe(cl, "resource-pools", "List or get resource pools.");
    describe(cl, "deployment-managers", "List or get deployment managers.");
    withHelp(cl);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.registerConverter(UUID.class, O2imsCli::id);
    CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((e, args) -> badValue(e, args, usage));
    cl.setExecutionExceptionHandler((e, command, parsed) -> root.report(e, command.getErr()));
    return cl;
  }

  /** An O2 id as the server accepts it: a UUID in its 8-4-4-4-12 hexadecimal form. */
  private static UUID id(String text) {
    if (!UUID_FORM.matcher(text).matches()) {
      throw new CommandLine.TypeConversionException(
          "'"
              + text
              + "' is not an id: an id is a UUID, 8-4-4-4-12 hexadecimal digits such as"
              + " 3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    }
    return UUID.fromString(text);
  }

  private static final Pattern UUID_FORM =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * A value that cannot be read (an id that is not a UUID, an unknown output format, a bad
   * duration) is one line naming the parameter, exit 2 as any usage error; what else picocli
   * refuses (a missing or unknown command or option) prints the usage as before.
   */
  private static int badValue(
      CommandLine.ParameterException e, String[] args, CommandLine.IParameterExceptionHandler usage)
      throws Exception {
    if (!(e.getCause() instanceof CommandLine.TypeConversionException conversion)
        || e.getArgSpec() == null) {
      return usage.handleParseException(e, args);
    }
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    String parameter =
        e.getArgSpec() instanceof CommandLine.Model.OptionSpec option
            ? option.longestName()
            : e.getArgSpec().paramLabel();
    PrintWriter err = e.getCommandLine().getErr();
    err.println(
        "error: "
            + parameter
            + ": "
            + conversion.getMessage()
            + " (see: "
            + spec.qualifiedName()
            + " --help)");
    err.flush();
    return spec.exitCodeOnInvalidInput();
  }

  /**
   * Reports a failure as one line on stderr (no stack trace unless {@code --verbose}) and returns
   * the exit code; rethrows what is not one of ours, for picocli to print with its stack trace.
   */
  int report(Exception e, PrintWriter err) throws Exception {
    int code;
    String message;
    if (e instanceof O2imsPageMarkerException api) {
      code = 1;
      message =
          problemLine(api.problem(), api.status())
              + " (the server refused the link to the next page, as after a restart: the list is"
              + " incomplete; run the command again)";
    } else if (e instanceof O2imsApiException api) {
      code = 1;
      message = problemLine(api.problem(), api.status());
    } else if (e instanceof InvalidQueryException q) {
      code = 2;
      message = "invalid " + q.parameter() + ": " + q.getMessage();
    } else if (e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof UncheckedIOException) {
      code = 2;
      message = e.getMessage();
    } else if (e instanceof O2imsCertificateException) {
      code = 3;
      message =
          e.getMessage()
              + " (check that certificate, or trust the CA that signed it with --ca-file)";
    } else if (e instanceof O2imsException) {
      code = 3;
      message = e.getMessage();
    } else {
      throw e;
    }
    err.println("error: " + oneLine(message));
    if (verbose) {
      if (e instanceof O2imsApiException api) {
        err.println(Printer.json(api.problem()));
      }
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** {@code HTTP 409 Conflict: duplicate subscription (subscriptionId=...)}. */
  private static String problemLine(ProblemDetails problem, int status) {
    StringBuilder line = new StringBuilder("HTTP ").append(status);
    if (!problem.title().isBlank()) {
      line.append(' ').append(problem.title());
    }
    if (!problem.detail().isBlank()) {
      line.append(": ").append(problem.detail());
    }
    if (!problem.additionalAttributes().isEmpty()) {
      StringJoiner attributes = new StringJoiner(", ", " (", ")");
      problem.additionalAttributes().forEach((k, v) -> attributes.add(k + "=" + v));
      line.append(attributes);
    }
    return line.toString();
  }

  /** The text with each line break and the blanks around it made one space. */
  private static String oneLine(String text) {
    return String.valueOf(text).strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /**
   * Gives every command that has none a {@code -h}/{@code --help} option, leaves included ({@code
   * o2ims resource-pools get --help}), since the one-line errors point there.
   */
  private static void withHelp(CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    if (spec.options().stream().noneMatch(CommandLine.Model.OptionSpec::usageHelp)) {
      spec.addOption(
          CommandLine.Model.OptionSpec.builder("-h", "--help")
              .usageHelp(true)
              .description("Show this help message and exit.")
              .build());
    }
    cl.getSubcommands().values().forEach(O2imsCli::withHelp);
  }

  private static void describe(CommandLine cl, String command, String description) {
    cl.getSubcommands().get(command).getCommandSpec().usageMessage().description(description);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** A client for the root options; the caller closes it. */
  O2imsClient client() {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("give the server with --url or $O2IMS_URL");
    }
    O2imsClient.Builder b =
        O2imsClient.builder().baseUrl(url).readTimeout(Duration.ofSeconds(timeoutSeconds));
    if (token != null && !token.isBlank()) {
      b.bearerToken(token.strip());
    }
    if (caFile != null || certFile != null || keyFile != null) {
      ClientTls.Builder tls = ClientTls.builder();
      if (caFile != null) {
        tls.trustPem(read(caFile));
      }
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("--cert and --key go together");
      }
      if (certFile != null) {
        tls.keyPem(read(certFile), read(keyFile));
      }
      b.tls(tls.build());
    }
    return b.build();
  }

  Printer printer() {
    return new Printer(spec.commandLine().getOut(), output == Format.json);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
