package dev.cuifu.testing;

record InProcessInfrastructure(EmbeddedKafka kafka, EmbeddedPostgresServer postgres)
    implements TestInfrastructure.Infrastructure {

  static InProcessInfrastructure start() {
    return new InProcessInfrastructure(EmbeddedKafka.start(), EmbeddedPostgresServer.startTemporary());
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public String jdbcUrl() {
    return postgres.jdbcUrl();
  }

  @Override
  public String dbUser() {
    return EmbeddedPostgresServer.USER;
  }

  @Override
  public String dbPassword() {
    return EmbeddedPostgresServer.PASSWORD;
  }

  /**
   * Stops PostgreSQL, a child process that would outlive the JVM. The broker lives in this JVM and
   * dies with it; stopping it from a shutdown hook would only make the still-running test contexts'
   * consumers wait out their close timeouts.
   */
  @Override
  public void close() {
    postgres.close();
  }
}
