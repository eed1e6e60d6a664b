package io.netweave.o2ims.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chart rendered by the real Helm engine (helm-java embeds Helm's Go library): every object as
 * YAML tree and, for the built-in kinds, as the official Kubernetes client's model, deserialized
 * strictly (the models reject unknown or misspelled fields).
 */
final class RenderedChart {
  static final String RELEASE = "netweave";
  static final String NAMESPACE = "o2";

  /** The built-in kinds the chart renders and the model each is parsed into. */
  static final Map<String, Class<?>> MODELS =
      Map.of(
          "ConfigMap", V1ConfigMap.class,
          "Deployment", V1Deployment.class,
          "Service", V1Service.class,
          "ServiceAccount", V1ServiceAccount.class,
          "ClusterRole", V1ClusterRole.class,
          "ClusterRoleBinding", V1ClusterRoleBinding.class,
          "PersistentVolumeClaim", V1PersistentVolumeClaim.class,
          "HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class,
          "PodDisruptionBudget", V1PodDisruptionBudget.class,
          "NetworkPolicy", V1NetworkPolicy.class);

  /** One rendered object. */
  record Rendered(String apiVersion, String kind, String name, ObjectNode tree, Object model) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Rendered> objects;
  private final String text;

  private RenderedChart(String text, List<Rendered> objects) {
    this.text = text;
    this.objects = List.copyOf(objects);
  }

  /** Renders with the chart's defaults, then the values files (in order), then the sets. */
  static RenderedChart render(List<Path> valuesFiles, Map<String, Object> sets) {
    TemplateCommand template =
        new Helm(Repository.chart()).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (Path file : valuesFiles) {
      template = template.withValuesFile(file);
    }
    for (Map.Entry<String, Object> e : sets.entrySet()) {
      template = template.set(e.getKey(), e.getValue());
    }
    return parse(template.call());
  }

  /** Renders one of the chart's {@code ci/} values files ({@code null}: defaults only). */
  static RenderedChart render(String ciValues) {
    return render(
        ciValues == null ? List.of() : List.of(Repository.chart().resolve("ci").resolve(ciValues)),
        Map.of());
  }

  static RenderedChart parse(String text) {
    List<Rendered> out = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(text)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode node = it.next();
        if (node == null || !node.isObject() || node.isEmpty()) {
          continue;
        }
        ObjectNode o = (ObjectNode) node;
        String kind = o.path("kind").asText();
        Class<?> model = MODELS.get(kind);
        Object parsed = model == null ? null : strict(model, JSON.writeValueAsString(o));
        out.add(
            new Rendered(
                o.path("apiVersion").asText(),
                kind,
                o.path("metadata").path("name").asText(),
                o,
                parsed));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RenderedChart(text, out);
  }

  /** The model's own strict {@code fromJson}: unknown members throw. */
  static Object strict(Class<?> model, String json) {
    try {
      return model.getMethod("fromJson", String.class).invoke(null, json);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          model.getSimpleName() + " rejects the rendered object: " + e.getCause().getMessage(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  List<Rendered> objects() {
    return objects;
  }

  String text() {
    return text;
  }

  List<String> kinds() {
    return objects.stream().map(Rendered::kind).toList();
  }

  Optional<Rendered> find(String kind) {
    return objects.stream().filter(o -> o.kind().equals(kind)).findFirst();
  }

  <T> T model(String kind, Class<T> type) {
    return type.cast(
        find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered")).model());
  }

  /** The gateway's configuration file as the ConfigMap holds it. */
  String configYaml() {
    return model("ConfigMap", V1ConfigMap.class).getData().get("config.yaml");
  }

  V1Deployment deployment() {
    return model("Deployment", V1Deployment.class);
  }
}
