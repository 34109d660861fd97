package dev.cuifu.reminder.security;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Creating phone agents through the shop API and signing in as them. */
public final class AgentTestSupport {

  /** Every test agent's password (at least 12 characters). */
  public static final String PASSWORD = "correct horse battery";

  private AgentTestSupport() {}

  public static String uniqueUsername() {
    return "agent-" + UUID.randomUUID().toString().substring(0, 12);
  }

  /** The {@code Authorization} header value for HTTP Basic. */
  public static String basic(String username, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public static String basic(String username) {
    return basic(username, PASSWORD);
  }

  /** Creates an agent of the shop through POST /api/v1/agents and returns its username. */
  public static String createAgent(MockMvcTester mvc, String shopId, String role) {
    String username = uniqueUsername();
    assertThat(
            mvc.post()
                .uri("/api/v1/agents")
                .header("X-Api-Key", apiKey(shopId))
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"username": "%s", "displayName": "小李", "password": "%s", "role": "%s"}
                    """
                        .formatted(username, PASSWORD, role)))
        .hasStatus(HttpStatus.CREATED);
    return username;
  }
}
