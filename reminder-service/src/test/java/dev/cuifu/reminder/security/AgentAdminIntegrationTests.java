package dev.cuifu.reminder.security;

import static dev.cuifu.reminder.security.AgentTestSupport.PASSWORD;
import static dev.cuifu.reminder.security.AgentTestSupport.basic;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static dev.cuifu.reminder.security.AgentTestSupport.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.ReminderIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** SHOP_ADMIN manages its shop's agents under /agent/agents; an AGENT may not (403). The page is public. */
class AgentAdminIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;

  String admin;
  String agent;

  @BeforeEach
  void shopWithAnAdminAndAnAgent() {
    shopId = newShop();
    admin = createAgent(mvc, shopId, "SHOP_ADMIN");
    agent = createAgent(mvc, shopId, "AGENT");
  }

  @Test
  @DisplayName("rule: GET /agent/me names the signed-in agent, its shop and role")
  void meNamesTheAgent() {
    assertThat(mvc.get().uri("/agent/me").header(HttpHeaders.AUTHORIZATION, basic(agent)))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.username").isEqualTo(agent);
              assertThat(json).extractingPath("$.shopId").isEqualTo(shopId);
              assertThat(json).extractingPath("$.role").isEqualTo("AGENT");
            });
  }

  @Test
  @DisplayName("rule: an AGENT listing, creating or disabling agents, or releasing a claim → 403 problem+json")
  void agentManagementIsForbiddenToAgents() {
    for (MvcTestResult result :
        new MvcTestResult[] {
          mvc.get().uri("/agent/agents").header(HttpHeaders.AUTHORIZATION, basic(agent)).exchange(),
          create(agent, uniqueUsername(), "AGENT"),
          disable(agent, admin),
          mvc.post().uri("/agent/tasks/1/release").header(HttpHeaders.AUTHORIZATION, basic(agent)).exchange()
        }) {
      assertThat(result)
          .hasStatus(HttpStatus.FORBIDDEN)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .bodyJson()
          .extractingPath("$.status")
          .isEqualTo(403);
    }
    assertThat(enabled(admin)).as("nothing was disabled").isTrue();
  }

  @Test
  @DisplayName("rule: a SHOP_ADMIN lists its own shop's agents only, never a password")
  void adminListsOwnShopOnly() throws Exception {
    String otherShop = newShop();
    String stranger = createAgent(mvc, otherShop, "AGENT");

    MvcTestResult result = mvc.get().uri("/agent/agents").header(HttpHeaders.AUTHORIZATION, basic(admin)).exchange();

    assertThat(result)
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.items[*].username")
        .asArray()
        .containsExactlyInAnyOrder(admin, agent);
    assertThat(result.getResponse().getContentAsString()).doesNotContain(stranger).doesNotContain("$2");
  }

  @Test
  @DisplayName("rule: a SHOP_ADMIN creates an agent of its shop, who then signs in; bad fields → 400 naming each")
  void adminCreatesAnAgent() {
    String username = uniqueUsername();

    assertThat(create(admin, username, "AGENT"))
        .hasStatus(HttpStatus.CREATED)
        .bodyJson()
        .extractingPath("$.shopId")
        .isEqualTo(shopId);
    assertThat(mvc.get().uri("/agent/tasks").header(HttpHeaders.AUTHORIZATION, basic(username))).hasStatusOk();
    assertThat(create(admin, "x", "BOSS"))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactlyInAnyOrder("username", "role");
  }

  @Test
  @DisplayName("rule: a disabled agent can no longer sign in (401); another shop's agent is 404, oneself 409")
  void adminDisablesAnAgent() {
    String otherShop = newShop();
    String stranger = createAgent(mvc, otherShop, "AGENT");

    assertThat(disable(admin, agent)).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(disable(admin, agent)).as("idempotent").hasStatus(HttpStatus.NO_CONTENT);

    assertThat(mvc.get().uri("/agent/tasks").header(HttpHeaders.AUTHORIZATION, basic(agent)))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(disable(admin, stranger)).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(enabled(stranger)).isTrue();
    assertThat(disable(admin, admin)).hasStatus(HttpStatus.CONFLICT);
    assertThat(mvc.get().uri("/agent/agents").header(HttpHeaders.AUTHORIZATION, basic(admin)))
        .bodyJson()
        .extractingPath("$.items[1].disabledAt")
        .isNotNull();
  }

  @Test
  @DisplayName("rule: the shop's API key still creates the first SHOP_ADMIN (POST /api/v1/agents)")
  void apiKeyBootstrapsTheFirstAdmin() {
    String first = createAgent(mvc, newShop(), "SHOP_ADMIN");

    assertThat(mvc.get().uri("/agent/agents").header(HttpHeaders.AUTHORIZATION, basic(first))).hasStatusOk();
  }

  @Test
  @DisplayName("rule: the agents' page and Bootstrap (from its WebJar) load without signing in; the page's API calls get 401 without a browser challenge")
  void thePageIsPublicAndItsApiIsNot() {
    assertThat(mvc.get().uri("/agent/")).hasStatusOk().hasForwardedUrl("/agent/index.html");
    assertThat(mvc.get().uri("/agent/index.html")).hasStatusOk().bodyText().contains("/agent/agent.js", "/webjars/bootstrap/");
    assertThat(mvc.get().uri("/agent/agent.js")).hasStatusOk();
    assertThat(mvc.get().uri("/webjars/bootstrap/css/bootstrap.min.css")).hasStatusOk();

    assertThat(mvc.get().uri("/agent/tasks").header("X-Requested-With", "XMLHttpRequest"))
        .hasStatus(HttpStatus.UNAUTHORIZED)
        .doesNotContainHeader(HttpHeaders.WWW_AUTHENTICATE);
    assertThat(mvc.get().uri("/agent/tasks"))
        .hasStatus(HttpStatus.UNAUTHORIZED)
        .containsHeader(HttpHeaders.WWW_AUTHENTICATE);
  }

  private boolean enabled(String username) {
    return jdbc.sql("select disabled_at is null from agent where username = ?").param(username).query(Boolean.class).single();
  }

  private MvcTestResult create(String by, String username, String role) {
    return mvc.post()
        .uri("/agent/agents")
        .header(HttpHeaders.AUTHORIZATION, basic(by))
        .contentType(MediaType.APPLICATION_JSON)
        .content(
            """
            {"username": "%s", "displayName": "小王", "password": "%s", "role": "%s"}
            """
                .formatted(username, PASSWORD, role))
        .exchange();
  }

  private MvcTestResult disable(String by, String username) {
    return mvc.post().uri("/agent/agents/{u}/disable", username).header(HttpHeaders.AUTHORIZATION, basic(by)).exchange();
  }
}
