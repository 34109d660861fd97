package dev.cuifu.testing;

record InProcessInfrastructure(EmbeddedKafka kafka, EmbeddedPostgresServer postgres)
    implements TestInfrastructure.Infrastructure {

  static InProcessInfrastructure start() {
    return new InProcessInfrastructure(EmbeddedKafka.start(0), EmbeddedPostgresServer.startTemporary());
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

  @Override
  public void close() {
    kafka.close();
    postgres.close();
  }
}
