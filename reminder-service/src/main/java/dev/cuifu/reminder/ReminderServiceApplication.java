package dev.cuifu.reminder;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** reminder-service: plans reminders for unpaid orders and sends them when due. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReminderServiceApplication {

  /**
   * The app reads {@code reminder-service.yml}, not {@code application.yml}, so that it can share
   * one JVM (and one classpath) with order-ingest in the local launcher.
   */
  public static final String CONFIG_NAME = "reminder-service";

  public static void main(String[] args) {
    builder().run(args);
  }

  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(ReminderServiceApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
