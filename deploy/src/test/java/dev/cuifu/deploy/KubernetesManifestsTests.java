package dev.cuifu.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every manifest under deploy/k8s parsed into fabric8's Kubernetes model with nothing left over: a
 * misspelt or misplaced field (which kubectl would silently drop) lands in a model object's
 * additional properties and fails the test.
 */
class KubernetesManifestsTests {

  static final Path K8S = Path.of("k8s");
  static final YAMLMapper YAML = YAMLMapper.builder().build();

  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "apps/v1/Deployment", Deployment.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "networking.k8s.io/v1/Ingress", Ingress.class);

  /** Each app's port and Actuator probe paths, from its own config file. */
  record App(String name, int port, Path config) {}

  static final List<App> APPS =
      List.of(
          new App("order-ingest", 8080, Path.of("..", "order-ingest", "src/main/resources/order-ingest.yml")),
          new App("reminder-service", 8081,
              Path.of("..", "reminder-service", "src/main/resources/reminder-service.yml")));

  @Test
  void everyManifestParsesStrictlyIntoTheKubernetesModel() throws IOException {
    List<HasMetadata> resources = base();
    try (Stream<Path> files = Files.walk(K8S.resolve("overlays"))) {
      for (Path file : files.filter(KubernetesManifestsTests::isManifest).toList()) {
        resources.addAll(parse(file));
      }
    }
    assertThat(resources).extracting(HasMetadata::getKind).contains("Deployment", "Ingress");
  }

  @Test
  void aMisplacedFieldIsCaught(@TempDir Path dir) throws IOException {
    Path manifest = dir.resolve("bad.yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: x
        spec:
          selector:
            app: x
          ports:
            - port: 80
              targetport: http
        """);
    assertThatThrownBy(() -> parse(manifest)).hasMessageContaining("spec.ports[0].targetport");
  }

  @Test
  void theBaseHasWhatAClusterDeploymentNeedsForBothApps() throws IOException {
    List<HasMetadata> base = base();
    for (App app : APPS) {
      assertThat(base)
          .filteredOn(r -> r.getMetadata().getName().equals(app.name()))
          .extracting(HasMetadata::getKind)
          .as(app.name())
          .containsExactlyInAnyOrder("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler");
    }
    assertThat(base).extracting(HasMetadata::getKind).contains("Secret", "ConfigMap", "Ingress");
  }

  @Test
  void probesPointAtTheAppsRealActuatorPathsAndPorts() throws IOException {
    for (App app : APPS) {
      JsonNode config = YAML.readTree(app.config().toFile());
      assertThat(config.at("/server/port").asInt()).as("%s's port", app.name()).isEqualTo(app.port());
      assertThat(config.at("/management/endpoint/health/probes/enabled").asBoolean())
          .as("%s enables Actuator's liveness and readiness groups", app.name())
          .isTrue();
      assertThat(config.at("/management/server/port").isMissingNode())
          .as("%s serves Actuator on its main port", app.name())
          .isTrue();

      Deployment deployment =
          base().stream()
              .filter(Deployment.class::isInstance)
              .map(Deployment.class::cast)
              .filter(d -> d.getMetadata().getName().equals(app.name()))
              .findFirst()
              .orElseThrow();
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getPorts()).singleElement()
          .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(app.port()))
          .satisfies(p -> assertThat(p.getName()).isEqualTo("http"));
      assertProbe(container.getReadinessProbe(), "/actuator/health/readiness");
      assertProbe(container.getLivenessProbe(), "/actuator/health/liveness");
      assertProbe(container.getStartupProbe(), "/actuator/health/liveness");
      assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(container.getResources().getLimits()).containsKey("memory");
      assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    }
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  static List<HasMetadata> base() throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    try (Stream<Path> files = Files.list(K8S.resolve("base"))) {
      for (Path file : files.filter(KubernetesManifestsTests::isManifest).sorted().toList()) {
        resources.addAll(parse(file));
      }
    }
    return resources;
  }

  static boolean isManifest(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") && !name.equals("kustomization.yaml");
  }

  static List<HasMetadata> parse(Path file) throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        String type = document.path("apiVersion").asString() + "/" + document.path("kind").asString();
        Class<? extends HasMetadata> kind = KINDS.get(type);
        assertThat(kind).as("%s: a kind this test knows (%s)", file, type).isNotNull();
        HasMetadata resource = YAML.treeToValue(document, kind);
        assertThat(leftOver(resource, type, new IdentityHashMap<>()))
            .as("%s: fields the Kubernetes model does not have", file)
            .isEmpty();
        resources.add(resource);
      }
    }
    return resources;
  }

  /** Paths of every additional (unknown) property in the model object graph. */
  static List<String> leftOver(Object value, String path, Map<Object, Boolean> seen) {
    List<String> unknown = new ArrayList<>();
    if (value == null || seen.put(value, true) != null) {
      return unknown;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        unknown.addAll(leftOver(item, path + "[" + i++ + "]", seen));
      }
      return unknown;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknown.addAll(leftOver(v, path + "." + k, seen)));
      return unknown;
    }
    if (!value.getClass().getPackageName().startsWith("io.fabric8")) {
      return unknown;
    }
    try {
      for (PropertyDescriptor property : Introspector.getBeanInfo(value.getClass()).getPropertyDescriptors()) {
        Method getter = property.getReadMethod();
        if (getter == null || getter.getDeclaringClass() == Object.class || getter.getParameterCount() > 0) {
          continue;
        }
        Object child = getter.invoke(value);
        if (property.getName().equals("additionalProperties")) {
          ((Map<?, ?>) child).keySet().forEach(k -> unknown.add(path + "." + k));
        } else if (!Set.of("class").contains(property.getName())) {
          unknown.addAll(leftOver(child, path + "." + property.getName(), seen));
        }
      }
    } catch (ReflectiveOperationException | java.beans.IntrospectionException e) {
      throw new IllegalStateException(path, e);
    }
    return unknown;
  }
}
