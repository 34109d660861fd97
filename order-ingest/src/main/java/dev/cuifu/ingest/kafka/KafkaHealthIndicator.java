package dev.cuifu.ingest.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Health {@code kafka}: UP when the cluster answers a describeCluster within a short timeout. Part
 * of the readiness group, so an instance that cannot reach the broker takes no traffic.
 */
@Component("kafka")
public class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

  private final KafkaAdmin kafkaAdmin;
  private final Duration timeout;
  private AdminClient adminClient;

  public KafkaHealthIndicator(
      KafkaAdmin kafkaAdmin, @Value("${management.health.kafka.timeout:2s}") Duration timeout) {
    this.kafkaAdmin = kafkaAdmin;
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    try {
      DescribeClusterResult cluster =
          adminClient().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
      String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      int nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      return Health.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("error", "interrupted").build();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return Health.down().withDetail("error", cause.getClass().getSimpleName()).build();
    }
  }

  private synchronized AdminClient adminClient() {
    if (adminClient == null) {
      adminClient = AdminClient.create(kafkaAdmin.getConfigurationProperties());
    }
    return adminClient;
  }

  @Override
  public synchronized void destroy() {
    if (adminClient != null) {
      adminClient.close(Duration.ofSeconds(1));
    }
  }
}
