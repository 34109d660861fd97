package dev.cuifu.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The compose file and the Prometheus files, checked by the operators' own tools. */
class ComposeAndPrometheusFilesTests {

  static final Path COMPOSE = Path.of("compose");
  static final Path PROMETHEUS = Path.of("observability", "prometheus");

  @Test
  void theComposeFileIsValidAndRunsTwoReminderServiceReplicas() throws Exception {
    JsonNode services =
        YAMLMapper.builder().build().readTree(Tool.DOCKER_COMPOSE.check(COMPOSE, "-f", "compose.yaml", "config"))
            .path("services");
    assertThat(services.propertyNames())
        .contains("kafka", "postgres", "order-ingest", "reminder-service-1", "reminder-service-2",
            "twilio-stub", "prometheus", "grafana");
    assertThat(services.at("/twilio-stub/profiles/0").asString())
        .as("the Twilio stub starts only with --profile twilio-stub")
        .isEqualTo("twilio-stub");
    assertThat(services.at("/reminder-service-2/image").asString())
        .isEqualTo(services.at("/reminder-service-1/image").asString())
        .startsWith("cuifu/reminder-service:");
  }

  @Test
  void thePrometheusConfigAndItsAlertRulesAreValid() throws Exception {
    assertThat(Tool.PROMTOOL.check(PROMETHEUS, "check", "config", "prometheus.yml"))
        .contains("1 rule files found");
    assertThat(Tool.PROMTOOL.check(PROMETHEUS, "check", "rules", "alerts.yml")).contains("6 rules found");
  }
}
