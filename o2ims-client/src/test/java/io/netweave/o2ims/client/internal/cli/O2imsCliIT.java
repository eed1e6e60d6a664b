package io.netweave.o2ims.client.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.client.Fixtures;
import io.netweave.o2ims.model.ProblemDetails;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class O2imsCliIT {
  private static final String V1 = "/o2ims-infrastructureInventory/v1";

  @StartStop final MockWebServer server = new MockWebServer();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = O2imsCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("--url", server.url("/").toString()));
    all.addAll(List.of(args));
    return cl.execute(all.toArray(String[]::new));
  }

  private RecordedRequest taken() throws InterruptedException {
    return server.takeRequest(30, TimeUnit.SECONDS);
  }

  @Test
  void resourcePoolsAreListedAsATableWithFilterAndFields() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(
                "[{\"resourcePoolId\":\""
                    + Fixtures.pool(1).resourcePoolId()
                    + "\",\"name\":\"zone-1\"}]")
            .build());
    int code =
        run(
            "--token",
            "tok",
            "resource-pools",
            "list",
            "--filter",
            "(eq,name,zone-1)",
            "--fields",
            "name");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("resourcePoolId")
        .contains(Fixtures.pool(1).resourcePoolId().toString() + "  zone-1");
    RecordedRequest request = taken();
    assertThat(request.getUrl().encodedPath()).isEqualTo(V1 + "/resourcePools");
    assertThat(request.getUrl().queryParameter("filter")).isEqualTo("(eq,name,zone-1)");
    assertThat(request.getUrl().queryParameter("fields")).isEqualTo("name");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok");
  }

  @Test
  void aResourcePoolIsPrintedAsJson() throws Exception {
    server.enqueue(Fixtures.ok(Fixtures.pool(2)));
    int code =
        run("-o", "json", "resource-pools", "get", Fixtures.pool(2).resourcePoolId().toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Fixtures.JSON.readTree(out.toString()).get("name").asText()).isEqualTo("zone-2");
  }

  @Test
  void resourcesOfAPoolAreListedAcrossPages() throws Exception {
    String resources = V1 + "/resourcePools/" + Fixtures.POOL + "/resources";
    server.enqueue(
        Fixtures.ok(Fixtures.resources(0, 3))
            .newBuilder()
            .addHeader("Link", "<" + resources + "?nextpage_opaque_marker=m>; rel=\"next\"")
            .build());
    server.enqueue(Fixtures.ok(Fixtures.resources(3, 5)));
    int code = run("-o", "json", "resources", "list", "--pool", Fixtures.POOL.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Fixtures.JSON.readTree(out.toString())).hasSize(5);
  }

  @Test
  void aResourceIsFetchedByPoolAndId() throws Exception {
    server.enqueue(Fixtures.ok(Fixtures.resource(4)));
    int code =
        run(
            "resources",
            "get",
            "--pool",
            Fixtures.POOL.toString(),
            Fixtures.resource(4).resourceId().toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("description").contains("node worker-4");
    assertThat(taken().getUrl().encodedPath())
        .isEqualTo(
            V1
                + "/resourcePools/"
                + Fixtures.POOL
                + "/resources/"
                + Fixtures.resource(4).resourceId());
  }

  @Test
  void resourceTypesDeploymentManagersAndTheOCloudAreShown() throws Exception {
    server.enqueue(Fixtures.ok(List.of(Fixtures.type(1))));
    server.enqueue(Fixtures.ok(Fixtures.deploymentManager(1)));
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    assertThat(run("resource-types", "list")).isZero();
    assertThat(
            run(
                "deployment-managers",
                "get",
                Fixtures.deploymentManager(1).deploymentManagerId().toString()))
        .isZero();
    assertThat(run("ocloud", "get")).isZero();
    assertThat(out.toString())
        .contains("m5.xlarge-1")
        .contains("COMPUTE")
        .contains("https://api.cluster-1:6443")
        .contains("edge-cloud");
    assertThat(taken().getUrl().encodedPath()).isEqualTo(V1 + "/resourceTypes");
    assertThat(taken().getUrl().encodedPath()).startsWith(V1 + "/deploymentManagers/");
    assertThat(taken().getUrl().encodedPath()).isEqualTo(V1);
  }

  @Test
  void subscriptionsAreCreatedListedAndDeleted() throws Exception {
    server.enqueue(Fixtures.ok(Fixtures.subscription(1)).newBuilder().code(201).build());
    server.enqueue(Fixtures.ok(List.of(Fixtures.subscription(1))));
    server.enqueue(new MockResponse.Builder().code(200).build());
    String id = Fixtures.subscription(1).subscriptionId().toString();
    assertThat(
            run(
                "subscriptions",
                "create",
                "--callback",
                "https://smo.example.net/cb/1",
                "--filter",
                "(eq,objectType,Resource)"))
        .as(err.toString())
        .isZero();
    assertThat(run("subscriptions", "list")).isZero();
    assertThat(run("subscriptions", "delete", id)).isZero();
    assertThat(out.toString()).contains(id).contains("deleted " + id);
    RecordedRequest post = taken();
    assertThat(post.getMethod()).isEqualTo("POST");
    assertThat(post.getBody().utf8()).contains("\"filter\":\"(eq,objectType,Resource)\"");
    assertThat(taken().getMethod()).isEqualTo("GET");
    assertThat(taken().getMethod()).isEqualTo("DELETE");
  }

  @Test
  void sitesAndLocationsAreListedFromTheV2View() throws Exception {
    String site = "7fd364a0-6d82-4e0c-a418-5c1a2f3b4d5e";
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(
                "[{\"oCloudSiteId\":\""
                    + site
                    + "\",\"globalLocationId\":\"lyon-1\",\"name\":\"Lyon\","
                    + "\"description\":\"\",\"resourcePools\":[],\"extensions\":{}}]")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(
                "[{\"globalLocationId\":\"lyon-1\",\"name\":\"lyon-1\",\"description\":\"\","
                    + "\"oCloudSiteIds\":[\""
                    + site
                    + "\"],\"address\":\"Place Bellecour\",\"extensions\":{}}]")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(
                "{\"globalLocationId\":\"lyon 1\",\"name\":\"lyon 1\",\"description\":\"\","
                    + "\"oCloudSiteIds\":[],\"address\":\"Lyon\",\"extensions\":{}}")
            .build());
    assertThat(run("sites", "list")).as(err.toString()).isZero();
    assertThat(taken().getTarget()).isEqualTo("/o2ims-infrastructureInventory/v2/oCloudSites");
    assertThat(out.toString()).contains("oCloudSiteId").contains("Lyon").contains(site);
    assertThat(run("locations", "list", "--filter", "(eq,globalLocationId,lyon-1)"))
        .as(err.toString())
        .isZero();
    assertThat(taken().getTarget())
        .startsWith("/o2ims-infrastructureInventory/v2/locations?filter=");
    assertThat(out.toString()).contains("Place Bellecour");
    assertThat(run("locations", "get", "lyon 1")).as(err.toString()).isZero();
    assertThat(taken().getTarget())
        .isEqualTo("/o2ims-infrastructureInventory/v2/locations/lyon%201");
    assertThat(run("locations", "list", "--filter", "(eq,oCloudId,x)")).isEqualTo(2);
  }

  /** A gateway restarted while the CLI read a list: say the list is incomplete and what to do. */
  @Test
  void aRefusedNextPageSaysToRunTheCommandAgain() {
    String resources = V1 + "/resourcePools/" + Fixtures.POOL + "/resources";
    server.enqueue(
        Fixtures.ok(Fixtures.resources(0, 3))
            .newBuilder()
            .addHeader("Link", "<" + resources + "?nextpage_opaque_marker=m>; rel=\"next\"")
            .build());
    server.enqueue(Fixtures.problem(400, "Bad Request", "bad nextpage_opaque_marker"));
    int code = run("resources", "list", "--pool", Fixtures.POOL.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "error: HTTP 400 Bad Request: bad nextpage_opaque_marker (the server refused the link"
                + " to the next page, as after a restart: the list is incomplete; run the command"
                + " again)"
                + System.lineSeparator());
  }

  @Test
  void aServerErrorExitsWith1AndPrintsTheProblem() {
    server.enqueue(Fixtures.problem(404, "Not Found", "subscription not found"));
    int code = run("subscriptions", "get", Fixtures.subscription(9).subscriptionId().toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("HTTP 404").contains("subscription not found");
  }

  @Test
  void aProblemIsOneLineOnStderrNamingStatusTitleDetailAndAttributes() {
    server.enqueue(
        new MockResponse.Builder()
            .code(409)
            .setHeader("Content-Type", ProblemDetails.MEDIA_TYPE)
            .body(
                Fixtures.json(
                    ProblemDetails.of(409, "Conflict", "duplicate subscription", "/x")
                        .withAttribute("subscriptionId", "6a1d5c34-0000-4000-8000-000000000001")))
            .build());
    int code = run("subscriptions", "create", "--callback", "https://smo.example.net/cb/1");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "error: HTTP 409 Conflict: duplicate subscription"
                + " (subscriptionId=6a1d5c34-0000-4000-8000-000000000001)"
                + System.lineSeparator());
  }

  @Test
  void aProxysHtmlErrorPageIsOneLineToo() {
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body("<html>\n  <body>\n    upstream down\n  </body>\n</html>\n")
            .build());
    assertThat(run("ocloud", "get")).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "error: HTTP 502 Bad Gateway: <html> <body> upstream down </body> </html>"
                + System.lineSeparator());
  }

  @Test
  void verbosePrintsTheWholeProblemAndTheStackTrace() {
    server.enqueue(Fixtures.problem(404, "Not Found", "subscription not found"));
    int code =
        run(
            "subscriptions",
            "get",
            Fixtures.subscription(9).subscriptionId().toString(),
            "--verbose");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("error: HTTP 404 Not Found: subscription not found" + System.lineSeparator())
        .contains("\"instance\" : \"/o2ims-infrastructureInventory/v1\"")
        .contains("io.netweave.o2ims.client.O2imsApiException: GET ")
        .contains("\tat ");
  }

  @Test
  void anUntrustedServerCertificateExitsWith3WithOneLineAndNoStackTrace() {
    HeldCertificate unknownCa = new HeldCertificate.Builder().certificateAuthority(0).build();
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(
                new HeldCertificate.Builder()
                    .addSubjectAlternativeName(server.getHostName())
                    .signedBy(unknownCa)
                    .build())
            .build()
            .sslSocketFactory());
    assertThat(run("ocloud", "get")).isEqualTo(3);
    assertThat(err.toString().lines())
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .startsWith("error: GET https://")
                    .contains("the server's certificate was not trusted")
                    .contains("--ca-file"));
  }

  @Test
  void aCertificateForAnotherHostExitsWith3WithOneLine(@TempDir Path dir) throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(
                new HeldCertificate.Builder()
                    .addSubjectAlternativeName("o2ims.example.net")
                    .signedBy(ca)
                    .build())
            .build()
            .sslSocketFactory());
    Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    assertThat(run("--ca-file", caFile.toString(), "ocloud", "get")).isEqualTo(3);
    assertThat(err.toString().lines())
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains("the server's certificate was not trusted")
                    .contains("Hostname " + server.getHostName() + " not verified")
                    .contains("o2ims.example.net"));
  }

  @Test
  void anInvalidFilterExitsWith2WithoutARequest() {
    int code = run("resource-pools", "list", "--filter", "(eq,nosuch,x)");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("nosuch");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anIdThatIsNotAUuidIsOneLineNamingItAndExits2WithoutARequest() {
    assertThat(run("resource-pools", "get", "not-a-uuid")).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .startsWith("error: ID: 'not-a-uuid' is not an id")
                    .contains("UUID", "o2ims resource-pools get --help"));
    err.getBuffer().setLength(0);
    assertThat(run("resources", "list", "--pool", "pool-1")).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .satisfies(l -> assertThat(l).startsWith("error: --pool: 'pool-1' is not an id"));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void everyCommandAnswersHelpWithItsUsageAndExit0WithoutARequest() {
    // The one-line errors end with "(see: o2ims <command> --help)": every command, leaves
    // included, must answer that, and -h as well.
    List<List<String>> commands = new ArrayList<>();
    collect(O2imsCli.commandLine(), new ArrayList<>(), commands);
    assertThat(commands).contains(List.of("resource-pools", "get"), List.of("alarms", "list"));
    for (List<String> command : commands) {
      for (String help : List.of("--help", "-h")) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        List<String> args = new ArrayList<>(command);
        args.add(help);
        assertThat(run(args.toArray(String[]::new))).as(args + ": " + err).isZero();
        assertThat(out.toString())
            .as(args.toString())
            .startsWith("Usage: o2ims " + String.join(" ", command));
        assertThat(err.toString()).as(args.toString()).isEmpty();
      }
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void getCommandsOfferNoFilterAndRefuseItAsAnUnknownOptionWhileListCommandsKeepIt() {
    // A single-object GET has no filter in the O2ims API: the get commands must neither list
    // --filter in their help nor parse it; the list commands keep it.
    List<List<String>> commands = new ArrayList<>();
    collect(O2imsCli.commandLine(), new ArrayList<>(), commands);
    List<List<String>> gets =
        commands.stream().filter(c -> c.get(c.size() - 1).equals("get")).toList();
    assertThat(gets)
        .contains(
            List.of("resource-pools", "get"),
            List.of("resource-types", "get"),
            List.of("deployment-managers", "get"),
            List.of("sites", "get"),
            List.of("resources", "get"),
            List.of("alarms", "get"));
    for (List<String> get : gets) {
      out.getBuffer().setLength(0);
      List<String> args = new ArrayList<>(get);
      args.add("--help");
      assertThat(run(args.toArray(String[]::new))).isZero();
      assertThat(out.toString()).as(get.toString()).doesNotContain("--filter");
    }
    for (List<String> list :
        List.of(
            List.of("resource-pools", "list"),
            List.of("resource-types", "list"),
            List.of("deployment-managers", "list"),
            List.of("sites", "list"),
            List.of("resources", "list"),
            List.of("alarms", "list"),
            List.of("locations", "list"))) {
      out.getBuffer().setLength(0);
      List<String> args = new ArrayList<>(list);
      args.add("--help");
      assertThat(run(args.toArray(String[]::new))).isZero();
      assertThat(out.toString()).as(list.toString()).contains("--filter", "--fields");
    }
    out.getBuffer().setLength(0);
    String pool = Fixtures.pool(1).resourcePoolId().toString();
    assertThat(run("resource-pools", "get", pool, "--filter", "(eq,name,x)")).isEqualTo(2);
    // picocli's own usage error: "Unknown options: '--filter', '(eq,name,x)'".
    assertThat(err.toString()).contains("Unknown option", "'--filter'");
    err.getBuffer().setLength(0);
    assertThat(
            run(
                "resources",
                "get",
                "--pool",
                Fixtures.POOL.toString(),
                Fixtures.resource(4).resourceId().toString(),
                "--filter",
                "(eq,name,x)"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option", "--filter");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aGetKeepsTheFieldSelection() throws Exception {
    server.enqueue(Fixtures.ok(Fixtures.pool(2)));
    String pool = Fixtures.pool(2).resourcePoolId().toString();
    assertThat(run("-o", "json", "resource-pools", "get", pool, "--fields", "extensions"))
        .as(err.toString())
        .isZero();
    RecordedRequest request = taken();
    assertThat(request.getUrl().encodedPath()).isEqualTo(V1 + "/resourcePools/" + pool);
    assertThat(request.getUrl().queryParameter("fields")).isEqualTo("extensions");
    assertThat(request.getUrl().queryParameter("filter")).isNull();
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> child = new ArrayList<>(path);
              child.add(name);
              into.add(child);
              collect(sub, child, into);
            });
  }

  @Test
  void aMissingSubcommandShowsUsage() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("resource-pools").contains("subscriptions");
  }

  @Test
  void versionPrintsTheVersionOfThePackagedJar() throws Exception {
    Path jar = Path.of("target", "o2ims-cli.jar");
    assertThat(jar).as("the packaged CLI (mvn package)").exists();
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--version")
            .redirectErrorStream(true)
            .start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(printed).isZero();
    String version;
    try (JarFile file = new JarFile(jar.toFile())) {
      version = file.getManifest().getMainAttributes().getValue("Implementation-Version");
    }
    assertThat(version).as("the jar's Implementation-Version").matches("\\d+\\.\\d+\\.\\d+\\S*");
    assertThat(printed.strip()).isEqualTo("o2ims " + version);
  }
}
