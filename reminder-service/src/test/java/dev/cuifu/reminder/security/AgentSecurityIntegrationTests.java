package dev.cuifu.reminder.security;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.security.AgentTestSupport.PASSWORD;
import static dev.cuifu.reminder.security.AgentTestSupport.basic;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static dev.cuifu.reminder.security.AgentTestSupport.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.ReminderIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Phone agents: created by their shop (API key), signed in with HTTP Basic on /agent/** only. */
class AgentSecurityIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  @DisplayName("rule: a shop creates an agent with its API key → 201; the agent signs in with HTTP Basic; the password is stored as BCrypt")
  void aShopCreatesAnAgentWhoSignsIn() {
    String username = uniqueUsername();

    assertThat(post(apiKey(shopId), body(username, "小李", PASSWORD, "SHOP_ADMIN")))
        .hasStatus(HttpStatus.CREATED)
        .hasHeader(HttpHeaders.LOCATION, "/api/v1/agents/" + username)
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.username").isEqualTo(username);
              assertThat(json).extractingPath("$.shopId").isEqualTo(shopId);
              assertThat(json).extractingPath("$.displayName").isEqualTo("小李");
              assertThat(json).extractingPath("$.role").isEqualTo("SHOP_ADMIN");
              assertThat(json).doesNotHavePath("$.password");
            });
    Map<String, Object> row = jdbc.sql("select * from agent where username = ?").param(username).query().singleRow();
    assertThat(row).containsEntry("shop_id", shopId).containsEntry("role", "SHOP_ADMIN");
    assertThat((String) row.get("password_hash")).startsWith("$2").doesNotContain(PASSWORD);

    assertThat(mvc.get().uri("/agent/tasks").header(HttpHeaders.AUTHORIZATION, basic(username))).hasStatusOk();
  }

  @Test
  @DisplayName("rule: a username is unique across shops → 409 problem")
  void aTakenUsernameIs409() {
    String username = createAgent(mvc, shopId, "AGENT");
    String otherShop = newShop();

    assertThat(post(apiKey(otherShop), body(username, "别人", "another long password", "AGENT")))
        .hasStatus(HttpStatus.CONFLICT)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(jdbc.sql("select shop_id from agent where username = ?").param(username).query(String.class).single())
        .as("the first agent stays")
        .isEqualTo(shopId);
  }

  @Test
  @DisplayName("rule: bad fields → 400 naming each (password at least 12 characters, role AGENT or SHOP_ADMIN)")
  void badFieldsAre400NamingEach() {
    assertThat(post(apiKey(shopId), body("x", " ", "short", "BOSS")))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactlyInAnyOrder("username", "displayName", "password", "role");
    assertThat(post(apiKey(shopId), body(uniqueUsername(), "小李", "elevenchars", "AGENT")))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactly("password");
    assertThat(post(apiKey(shopId), body(uniqueUsername(), "小李", "twelve chars", "AGENT")))
        .as("12 characters are enough")
        .hasStatus(HttpStatus.CREATED);
  }

  @Test
  @DisplayName("rule: creating an agent needs the shop's API key → 401")
  void creatingAnAgentNeedsTheApiKey() {
    assertThat(post(null, body(uniqueUsername(), "小李", PASSWORD, "AGENT")))
        .hasStatus(HttpStatus.UNAUTHORIZED)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(post("cf_nobody", body(uniqueUsername(), "小李", PASSWORD, "AGENT"))).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  @DisplayName("rule: /agent/** without credentials, with a wrong password or an unknown agent → 401 problem+json with a Basic challenge")
  void agentPathsNeedBasicCredentials() {
    String username = createAgent(mvc, shopId, "AGENT");

    for (String authorization : new String[] {null, basic(username, "wrong password!"), basic("nobody-" + username)}) {
      var request = mvc.get().uri("/agent/tasks");
      if (authorization != null) {
        request.header(HttpHeaders.AUTHORIZATION, authorization);
      }
      assertThat(request)
          .as("authorization %s", authorization)
          .hasStatus(HttpStatus.UNAUTHORIZED)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .hasHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"cuifu-agents\"")
          .bodyJson()
          .satisfies(
              json -> {
                assertThat(json).extractingPath("$.status").isEqualTo(401);
                assertThat(json).extractingPath("$.instance").isEqualTo("/agent/tasks");
              });
    }
    assertThat(mvc.post().uri("/agent/tasks/1/claim")).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  @DisplayName("rule: outside /agent/** nothing changes — the API key alone works, a Basic header is ignored, open endpoints stay open")
  void otherEndpointsAuthenticateAsBefore() {
    String username = createAgent(mvc, shopId, "AGENT");

    assertThat(mvc.get().uri("/api/v1/phone-tasks").header("X-Api-Key", apiKey(shopId))).hasStatusOk();
    assertThat(
            mvc.get()
                .uri("/api/v1/phone-tasks")
                .header("X-Api-Key", apiKey(shopId))
                .header(HttpHeaders.AUTHORIZATION, basic(username, "not the password")))
        .as("a stray Basic header is not checked outside /agent/**")
        .hasStatusOk();
    assertThat(mvc.get().uri("/api/v1/phone-tasks").header(HttpHeaders.AUTHORIZATION, basic(username)))
        .as("agent credentials are no API key")
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(mvc.get().uri("/actuator/health/liveness")).hasStatusOk();
    assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk();
  }

  private org.springframework.test.web.servlet.assertj.MvcTestResult post(String key, String body) {
    var request = mvc.post().uri("/api/v1/agents").contentType(MediaType.APPLICATION_JSON).content(body);
    if (key != null) {
      request.header("X-Api-Key", key);
    }
    return request.exchange();
  }

  private static String body(String username, String displayName, String password, String role) {
    return """
        {"username": "%s", "displayName": "%s", "password": "%s", "role": "%s"}
        """
        .formatted(username, displayName, password, role);
  }

  @Test
  @DisplayName("rule: a write under /agent/** without X-Requested-With (a cross-site form post riding cached credentials) is 403")
  void aCrossSiteFormPostIsRefused() throws Exception {
    String admin = uniqueUsername();
    assertThat(post(apiKey(shopId), body(admin, "店长", PASSWORD, "SHOP_ADMIN"))).hasStatus(HttpStatus.CREATED);
    String agent = uniqueUsername();
    assertThat(post(apiKey(shopId), body(agent, "小王", PASSWORD, "AGENT"))).hasStatus(HttpStatus.CREATED);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI disable = java.net.URI.create("http://127.0.0.1:" + PORT + "/agent/agents/" + agent + "/disable");

    // what a hostile page's <form method=post> makes the browser send: the cached Basic credentials, a form body
    java.net.http.HttpResponse<String> forged =
        http.send(
            java.net.http.HttpRequest.newBuilder(disable)
                .header(HttpHeaders.AUTHORIZATION, basic(admin))
                .header(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x=1"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    assertThat(mvc.get().uri("/agent/me").header(HttpHeaders.AUTHORIZATION, basic(agent))).as("the agent still works").hasStatusOk();

    java.net.http.HttpResponse<String> scripted =
        http.send(
            java.net.http.HttpRequest.newBuilder(disable)
                .header(HttpHeaders.AUTHORIZATION, basic(admin))
                .header("X-Requested-With", "XMLHttpRequest")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(scripted.statusCode()).as(scripted.body()).isEqualTo(204);
  }
}
