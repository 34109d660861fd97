package dev.cuifu.testing;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

record ContainerInfrastructure(KafkaContainer kafka, PostgreSQLContainer postgres)
    implements TestInfrastructure.Infrastructure {

  static ContainerInfrastructure start() {
    KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.1");
    PostgreSQLContainer postgres =
        new PostgreSQLContainer("postgres:17-alpine").withCommand("postgres", "-c", "timezone=America/New_York");
    kafka.start();
    postgres.start();
    return new ContainerInfrastructure(kafka, postgres);
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String jdbcUrl() {
    return postgres.getJdbcUrl();
  }

  @Override
  public String dbUser() {
    return postgres.getUsername();
  }

  @Override
  public String dbPassword() {
    return postgres.getPassword();
  }

  @Override
  public void close() {
    kafka.stop();
    postgres.stop();
  }
}
