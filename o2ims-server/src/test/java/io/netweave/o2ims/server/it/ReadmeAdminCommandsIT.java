package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.Gateway;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's admin {@code curl -X POST} commands, sent as written (method, URL, {@code -H}
 * headers, {@code -d} body) to the gateway its run command starts (demo profile): an operator who
 * copies them gets what the README says, not a 415 from the cross-site guard. And the tour's GETs
 * without placeholders answer 200.
 */
class ReadmeAdminCommandsIT {
  private static final Pattern URL = Pattern.compile("'?localhost:8080(/admin/[^' ]*)'?");
  private static final Pattern HEADER = Pattern.compile("-H '([^':]+):\\s*([^']*)'");
  private static final Pattern BODY = Pattern.compile("-d '([^']*)'");

  @TempDir static Path dataDir;
  static Gateway gateway;
  static Client client;

  @BeforeAll
  static void start() {
    gateway = InProcessGateways.start(dataDir, Map.of());
    client = new Client(GatewayHttp.base(gateway));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** README lines that start with {@code curl}, POST to an admin path and hold no placeholder. */
  static List<String> adminPosts() throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
      String command = line.strip();
      if (command.startsWith("curl ")
          && command.contains("-X POST")
          && command.contains("localhost:8080/admin/")
          && !command.contains("<")
          && !command.contains("$")) {
        out.add(command.replaceAll("\\s+#.*$", ""));
      }
    }
    return out;
  }

  /**
   * README lines that start with {@code curl}, send a GET (no {@code -X}) to the tour's {@code $B}
   * or {@code $M} or to {@code localhost:8080}, and name no other variable or placeholder (outside
   * their comment); the JFR recording's download needs a recording first and is left out.
   */
  static List<String> gets() throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
      String command = line.strip().replaceAll("\\s+#.*$", "");
      String withoutPrefixes = command.replace("$B/", "").replace("$M/", "");
      if (command.startsWith("curl ")
          && !command.contains("-X ")
          && (command.contains("$B/")
              || command.contains("$M/")
              || command.contains("localhost:8080/"))
          && !withoutPrefixes.contains("$")
          && !command.contains("<")
          && !command.contains("/profiling/jfr/recording")) {
        out.add(command);
      }
    }
    return out;
  }

  @Test
  void everyGetOfTheReadmesTourAnswers200() throws Exception {
    List<String> commands = gets();
    assertThat(commands).as("the README's GETs").hasSizeGreaterThanOrEqualTo(20);
    Pattern target = Pattern.compile("(\\$B|\\$M|localhost:8080)(/[^'\" ]*)");
    for (String command : commands) {
      Matcher m = target.matcher(command);
      assertThat(m.find()).as(command).isTrue();
      String prefix =
          switch (m.group(1)) {
            case "$B" -> "/o2ims-infrastructureInventory";
            case "$M" -> "/o2ims-infrastructureMonitoring";
            default -> "";
          };
      Reply reply = client.get(prefix + m.group(2));
      assertThat(reply.status()).as(command + " -> " + reply.body()).isEqualTo(200);
    }
  }

  @Test
  void everyAdminPostTheReadmeShowsIsAcceptedAsWritten() throws Exception {
    List<String> commands = adminPosts();
    assertThat(commands).as("the README's admin POSTs").hasSizeGreaterThanOrEqualTo(3);
    for (String command : commands) {
      Matcher url = URL.matcher(command);
      assertThat(url.find()).as(command).isTrue();
      HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(url.group(1)));
      Matcher header = HEADER.matcher(command);
      while (header.find()) {
        request.header(header.group(1), header.group(2).strip());
      }
      Matcher body = BODY.matcher(command);
      request.POST(
          body.find()
              ? HttpRequest.BodyPublishers.ofString(body.group(1))
              : HttpRequest.BodyPublishers.noBody());
      Reply reply = client.send(request);
      assertThat(reply.status()).as(command + " -> " + reply.body()).isBetween(200, 299);
    }
  }
}
