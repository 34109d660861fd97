package dev.cuifu.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The metric names the Grafana dashboard and the Prometheus alert rules in deploy/observability
 * query, and the names an app's /actuator/prometheus exports. A name counts as a metric when it
 * starts with one of the exporters' prefixes (PromQL functions and label names do not).
 */
final class MetricReferences {

  /** deploy/ beside this module (surefire runs in the module's directory). */
  private static final Path OBSERVABILITY = Path.of("..", "deploy", "observability");
  static final Path DASHBOARD = OBSERVABILITY.resolve(Path.of("grafana", "dashboards", "cuifu.json"));
  static final Path ALERTS = OBSERVABILITY.resolve(Path.of("prometheus", "alerts.yml"));
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:cuifu|kafka|resilience4j|jvm|process|http|hikaricp|spring|tomcat|executor)_[a-zA-Z0-9_:]+)");

  private MetricReferences() {}

  /** Every metric the dashboard's panels and the alert rules' expressions name. */
  static Set<String> used() throws IOException {
    Set<String> names = new TreeSet<>();
    JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        names.addAll(in(target.path("expr").asString()));
      }
    }
    JsonNode alerts = YAMLMapper.builder().build().readTree(Files.readString(ALERTS));
    for (JsonNode group : alerts.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        names.addAll(in(rule.path("expr").asString()));
      }
    }
    return names;
  }

  /** The sample names in a Prometheus text exposition. */
  static Set<String> exported(String exposition) {
    Set<String> names = new TreeSet<>();
    exposition.lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .forEach(names::add);
    return names;
  }

  static Set<String> in(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(promql);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
