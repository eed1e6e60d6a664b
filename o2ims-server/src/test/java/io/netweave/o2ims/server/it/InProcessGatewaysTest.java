package io.netweave.o2ims.server.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.netweave.o2ims.server.Main;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's tests start an in-process gateway one way: through {@link InProcessGateways}, the
 * only test class that calls {@link Main#start}.
 */
class InProcessGatewaysTest {
  static JavaClasses tests;

  @BeforeAll
  static void importTests() throws URISyntaxException {
    // The server's test classes directory only: scanning the whole classpath for the package takes
    // over a minute on a loaded machine.
    Path testClasses =
        Path.of(
            InProcessGatewaysTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    tests = new ClassFileImporter().importPath(testClasses.resolve("io/netweave/o2ims/server"));
  }

  @Test
  void theFixtureStartsTheGatewayWithMainStart() {
    classes()
        .that()
        .belongToAnyOf(InProcessGateways.class)
        .should()
        .callMethod(Main.class, "start", ServerConfig.class, Clock.class)
        .check(tests);
  }

  @Test
  void noOtherTestCallsMainStart() {
    noClasses()
        .that()
        .doNotBelongToAnyOf(InProcessGateways.class)
        .should()
        .callMethod(Main.class, "start", ServerConfig.class, Clock.class)
        .because("tests start a gateway through InProcessGateways")
        .check(tests);
  }
}
