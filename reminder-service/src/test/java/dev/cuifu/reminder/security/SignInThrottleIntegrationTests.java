package dev.cuifu.reminder.security;

import static dev.cuifu.reminder.security.AgentTestSupport.basic;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static dev.cuifu.reminder.security.AgentTestSupport.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.ReminderIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Wrong agent passwords are throttled per username and per client address (429 with Retry-After). */
class SignInThrottleIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  @DisplayName("rule: after 10 wrong passwords for a username within a minute, it is refused with 429 (even the right password) until the window passes")
  void aGuessedUsernameIsThrottled() {
    String username = createAgent(mvc, shopId, "AGENT");
    for (int i = 0; i < 10; i++) {
      assertThat(signIn(username, "wrong password " + i, "10.0.0." + i)).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    MvcTestResult refused = signIn(username, AgentTestSupport.PASSWORD, "10.0.1.1");
    assertThat(refused)
        .hasStatus(HttpStatus.TOO_MANY_REQUESTS)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(Long.parseLong(refused.getResponse().getHeader(HttpHeaders.RETRY_AFTER))).isBetween(1L, 60L);

    String colleague = createAgent(mvc, shopId, "AGENT");
    assertThat(signIn(colleague, AgentTestSupport.PASSWORD, "10.0.1.1")).as("another username").hasStatusOk();

    CLOCK.advance(Duration.ofSeconds(61));
    assertThat(signIn(username, AgentTestSupport.PASSWORD, "10.0.1.1")).as("after the window").hasStatusOk();
  }

  @Test
  @DisplayName("rule: after 30 wrong passwords from one address within a minute (any usernames), that address is refused with 429")
  void aGuessingAddressIsThrottled() {
    String agent = createAgent(mvc, shopId, "AGENT");
    for (int i = 0; i < 30; i++) {
      assertThat(signIn(uniqueUsername(), "wrong password", "192.0.2.77")).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    assertThat(signIn(agent, AgentTestSupport.PASSWORD, "192.0.2.77")).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(signIn(agent, AgentTestSupport.PASSWORD, "192.0.2.78")).as("another address").hasStatusOk();
  }

  private MvcTestResult signIn(String username, String password, String address) {
    return mvc.get()
        .uri("/agent/tasks")
        .header(HttpHeaders.AUTHORIZATION, basic(username, password))
        .with(request -> {
          request.setRemoteAddr(address);
          return request;
        })
        .exchange();
  }
}
