package dev.cuifu.ingest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** order-ingest: authenticates shops, validates order events and publishes them to Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderIngestApplication {

  /**
   * The app reads {@code order-ingest.yml}, not {@code application.yml}, so that it can share one
   * JVM (and one classpath) with reminder-service in the local launcher.
   */
  public static final String CONFIG_NAME = "order-ingest";

  public static void main(String[] args) {
    builder().run(args);
  }

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(OrderIngestApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
