package io.netweave.o2ims.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The allowed module dependencies (STYLE.md "Build and layout"): an SMO team that embeds the model
 * or the client SDK must never pull the server, the cache, the Kubernetes adapter, Undertow,
 * Lettuce or the Kubernetes client.
 */
class ModuleDependenciesTest {
  static final String[] SERVER_SIDE = {
    "io.netweave.o2ims.server..",
    "io.netweave.o2ims.cache..",
    "io.netweave.o2ims.k8s..",
    "io.undertow..",
    "org.xnio..",
    "io.lettuce..",
    "io.kubernetes..",
  };

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.netweave.o2ims");
  }

  @Test
  void theModelDependsOnNothingServerSide() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.netweave.o2ims.model..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SERVER_SIDE);
    rule.check(classes);
  }

  @Test
  void theClientSdkDependsOnNothingServerSide() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.netweave.o2ims.client..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SERVER_SIDE)
            .allowEmptyShould(true);
    rule.check(classes);
  }

  /**
   * The server reaches Kubernetes only through the adapter's API ({@code KubernetesApi} handles,
   * {@code KubernetesInventorySource}), never the Kubernetes client itself, so the composition root
   * cannot reach into the client's internals and a second adapter needs no server change.
   */
  @Test
  void theServerDoesNotImportTheKubernetesClient() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.netweave.o2ims.server..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.kubernetes..");
    rule.check(classes);
  }
}
