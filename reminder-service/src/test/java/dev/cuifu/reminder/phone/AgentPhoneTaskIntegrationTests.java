package dev.cuifu.reminder.phone;

import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static dev.cuifu.reminder.security.AgentTestSupport.basic;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.phone.PhoneNumbers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The agents' API on /agent/tasks: list (masked), claim (full number, lease), complete. */
class AgentPhoneTaskIntegrationTests extends PhoneTaskIntegrationTestBase {

  @Autowired MockMvcTester mvc;
  @Autowired PhoneTaskQueue queue;
  @Autowired PhoneAgentProperties properties;
  @Autowired MeterRegistry meters;

  String alice;
  String bob;
  String orderId;
  String phone;
  long touchId;
  long taskId;

  @BeforeEach
  void shopWithAgentsAndATask() {
    shopId = newShop();
    alice = createAgent(mvc, shopId, "AGENT");
    bob = createAgent(mvc, shopId, "SHOP_ADMIN");
    orderId = uniqueOrderId();
    phone = uniquePhone();
    touchId = phoneTouch(shopId, orderId, "buyer-" + orderId, phone);
    taskId = queue.enqueue(touchId, shopId, orderId, 80, "high value", CLOCK.instant());
  }

  @Test
  @DisplayName("rule: GET /agent/tasks lists the agent's shop's open tasks with the phone masked, and names the shop's time zone")
  void listsOpenTasksMasked() throws Exception {
    MvcTestResult result = list(alice);

    assertThat(result)
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.items.length()").isEqualTo(1);
              assertThat(json).extractingPath("$.items[0].taskId").asNumber().isEqualTo((int) taskId);
              assertThat(json).extractingPath("$.items[0].orderId").isEqualTo(orderId);
              assertThat(json).extractingPath("$.items[0].amountMinor").isEqualTo(88_800);
              assertThat(json).extractingPath("$.items[0].maskedPhone").isEqualTo(PhoneNumbers.mask(phone));
              assertThat(json).extractingPath("$.timeZone").as("the shop's zone, for showing the times").isEqualTo("Asia/Shanghai");
            });
    assertThat(result.getResponse().getContentAsString()).doesNotContain(phone).doesNotContain(phone.substring(1));
  }

  @Test
  @DisplayName("rule: claiming shows the full phone number and the order; the claimed task leaves the list")
  void claimShowsTheFullNumber() {
    Instant now = CLOCK.instant();

    assertThat(claim(alice, taskId))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.taskId").asNumber().isEqualTo((int) taskId);
              assertThat(json).extractingPath("$.phone").isEqualTo(phone);
              assertThat(json).extractingPath("$.orderId").isEqualTo(orderId);
              assertThat(json).extractingPath("$.orderStatus").isEqualTo("UNPAID");
              assertThat(json).extractingPath("$.amountMinor").isEqualTo(88_800);
              assertThat(json).extractingPath("$.itemSummary").isEqualTo("羊毛围巾 红色");
              assertThat(json).extractingPath("$.earlierPaidOrders").isEqualTo(0);
              assertThat(json).extractingPath("$.claimedBy").isEqualTo(alice);
              assertThat(json).extractingPath("$.timeZone").isEqualTo("Asia/Shanghai");
              assertThat(json)
                  .extractingPath("$.claimUntil")
                  .isEqualTo(now.truncatedTo(ChronoUnit.MICROS).plus(properties.claimLease()).toString());
            });
    assertThat(list(bob)).bodyJson().extractingPath("$.items.length()").isEqualTo(0);
    assertThat(queue.forTouch(touchId).orElseThrow().state()).isEqualTo(PhoneTaskQueue.CLAIMED);
  }

  @Test
  @DisplayName("rule: while a claim holds another agent gets 409; after the lease (default 10 minutes) it can be taken over")
  void aHeldClaimIs409UntilTheLeaseExpires() {
    assertThat(properties.claimLease()).isEqualTo(Duration.ofMinutes(10));
    assertThat(claim(alice, taskId)).hasStatusOk();

    assertThat(claim(bob, taskId))
        .hasStatus(HttpStatus.CONFLICT)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(9)));
    assertThat(claim(bob, taskId)).as("9 minutes in").hasStatus(HttpStatus.CONFLICT);

    CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(1)));
    assertThat(list(bob)).as("an expired claim is listed again").bodyJson().extractingPath("$.items.length()").isEqualTo(1);
    assertThat(claim(bob, taskId)).hasStatusOk().bodyJson().extractingPath("$.claimedBy").isEqualTo(bob);
    assertThat(claim(alice, taskId)).as("now bob holds it").hasStatus(HttpStatus.CONFLICT);
  }

  @Test
  @DisplayName("rule: only the agent holding the claim completes the task; others (and unclaimed tasks) → 409")
  void onlyTheHolderCompletes() {
    assertThat(complete(alice, taskId, "{\"outcome\": \"DECLINED\"}"))
        .as("not claimed yet")
        .hasStatus(HttpStatus.CONFLICT)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(claim(alice, taskId)).hasStatusOk();

    assertThat(complete(bob, taskId, "{\"outcome\": \"DECLINED\"}")).hasStatus(HttpStatus.CONFLICT);

    assertThat(queue.forTouch(touchId).orElseThrow().state()).isEqualTo(PhoneTaskQueue.CLAIMED);
  }

  @Test
  @DisplayName("rule: a final outcome closes the task with its loss reason, on the timeline and in cuifu.phone.outcomes")
  void aFinalOutcomeClosesTheTask() {
    double before = meters.counter("cuifu.phone.outcomes", "outcome", "DECLINED").count();
    assertThat(claim(alice, taskId)).hasStatusOk();

    assertThat(complete(alice, taskId, "{\"outcome\": \"DECLINED\", \"lossReason\": \"CHEAPER_ELSEWHERE\", \"note\": \"买了别家的\"}"))
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.state")
        .isEqualTo("CLOSED");

    Map<String, Object> row = jdbc.sql("select * from phone_task where task_id = ?").param(taskId).query().singleRow();
    assertThat(row)
        .containsEntry("state", "CLOSED")
        .containsEntry("outcome", "DECLINED")
        .containsEntry("loss_reason", "CHEAPER_ELSEWHERE")
        .containsEntry("note", "买了别家的")
        .containsEntry("close_reason", "agent")
        .containsEntry("claimed_by", null);
    assertThat(decisions()).anySatisfy(reason -> assertThat(reason).startsWith("phone outcome: DECLINED, loss reason: CHEAPER_ELSEWHERE"));
    assertThat(meters.counter("cuifu.phone.outcomes", "outcome", "DECLINED").count()).isEqualTo(before + 1);
    assertThat(list(alice)).bodyJson().extractingPath("$.items.length()").isEqualTo(0);
    assertThat(claim(bob, taskId)).as("closed").hasStatus(HttpStatus.CONFLICT);
  }

  @Test
  @DisplayName("rule: CALL_BACK re-queues the task, which is listed (and claimable) only once callBackAt has come")
  void callBackRequeuesUntilItsTime() {
    assertThat(claim(alice, taskId)).hasStatusOk();
    Instant callBackAt = CLOCK.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

    assertThat(complete(alice, taskId, "{\"outcome\": \"CALL_BACK\", \"callBackAt\": \"%s\", \"note\": \"下午再打\"}".formatted(callBackAt)))
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.state")
        .isEqualTo("OPEN");

    assertThat(list(bob)).bodyJson().extractingPath("$.items.length()").isEqualTo(0);
    assertThat(claim(bob, taskId)).as("not before its time").hasStatus(HttpStatus.CONFLICT);
    CLOCK.set(callBackAt.minusSeconds(1));
    assertThat(list(bob)).bodyJson().extractingPath("$.items.length()").isEqualTo(0);

    CLOCK.set(callBackAt);
    assertThat(list(bob))
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.items.length()").isEqualTo(1);
              assertThat(json).extractingPath("$.items[0].lastOutcome").isEqualTo("CALL_BACK");
              assertThat(json).extractingPath("$.items[0].callBackAt").isEqualTo(callBackAt.toString());
            });
    assertThat(claim(bob, taskId)).hasStatusOk().bodyJson().extractingPath("$.lastNote").isEqualTo("下午再打");
    assertThat(decisions()).anySatisfy(reason -> assertThat(reason).startsWith("phone outcome: CALL_BACK"));
  }

  @Test
  @DisplayName("rule: an agent of another shop sees none of the shop's tasks: empty list, 404 on claim and complete")
  void anotherShopsAgentSeesNothing() {
    String otherShop = newShop();
    String stranger = createAgent(mvc, otherShop, "SHOP_ADMIN");

    assertThat(list(stranger)).hasStatusOk().bodyJson().extractingPath("$.items.length()").isEqualTo(0);
    assertThat(claim(stranger, taskId))
        .hasStatus(HttpStatus.NOT_FOUND)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(claim(alice, taskId)).hasStatusOk();
    assertThat(complete(stranger, taskId, "{\"outcome\": \"PAID\"}")).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(claim(stranger, Long.MAX_VALUE)).hasStatus(HttpStatus.NOT_FOUND);
  }

  @Test
  @DisplayName("rule: a completion with a bad outcome, loss reason or call-back time → 400 naming each field")
  void badCompletionsAre400() {
    assertThat(claim(alice, taskId)).hasStatusOk();

    assertThat(complete(alice, taskId, "{\"outcome\": \"MAYBE\", \"lossReason\": \"BORED\", \"callBackAt\": \"tomorrow\"}"))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactlyInAnyOrder("outcome", "lossReason", "callBackAt");
    for (String body :
        List.of(
            "{\"outcome\": \"CALL_BACK\"}",
            "{\"outcome\": \"CALL_BACK\", \"callBackAt\": \"%s\"}".formatted(CLOCK.instant().minusSeconds(60)),
            "{\"outcome\": \"PAID\", \"callBackAt\": \"%s\"}".formatted(CLOCK.instant().plusSeconds(3600)))) {
      assertThat(complete(alice, taskId, body))
          .as(body)
          .hasStatus(HttpStatus.BAD_REQUEST)
          .bodyJson()
          .extractingPath("$.errors[0].field")
          .isEqualTo("callBackAt");
    }
    assertThat(queue.forTouch(touchId).orElseThrow().state()).as("still claimed").isEqualTo(PhoneTaskQueue.CLAIMED);
  }

  @Test
  @DisplayName("rule: paying the order closes its task even while an agent holds it")
  void payingClosesAClaimedTask() {
    assertThat(claim(alice, taskId)).hasStatusOk();

    assertThat(queue.closeForOrder(shopId, orderId, PhoneTaskQueue.CLOSED_PAID, CLOCK.instant())).isEqualTo(1);

    assertThat(complete(alice, taskId, "{\"outcome\": \"PAID\"}")).hasStatus(HttpStatus.CONFLICT);
    assertThat(queue.forTouch(touchId).orElseThrow().closeReason()).isEqualTo(PhoneTaskQueue.CLOSED_PAID);
  }

  private MvcTestResult list(String agent) {
    return mvc.get().uri("/agent/tasks").header(HttpHeaders.AUTHORIZATION, basic(agent)).exchange();
  }

  private MvcTestResult claim(String agent, long task) {
    return mvc.post().uri("/agent/tasks/{id}/claim", task).header(HttpHeaders.AUTHORIZATION, basic(agent)).exchange();
  }

  private MvcTestResult complete(String agent, long task, String body) {
    return mvc.post()
        .uri("/agent/tasks/{id}/complete", task)
        .header(HttpHeaders.AUTHORIZATION, basic(agent))
        .contentType(MediaType.APPLICATION_JSON)
        .content(body)
        .exchange();
  }

  private List<String> decisions() {
    return jdbc.sql("select reason from touch_decision where touch_id = ? and decision = 'SENT' order by decision_id")
        .param(touchId)
        .query(String.class)
        .list();
  }
}
