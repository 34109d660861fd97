package dev.cuifu.reminder;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Calls reminder-service's API as one shop, with its API key. */
public record ShopApi(MockMvcTester mvc, String shopId) {

  public MvcTestResult post(String path, String body) {
    return mvc.post().uri(path).header("X-Api-Key", ReminderTestSupport.apiKey(shopId)).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
  }

  public MvcTestResult put(String path, String body) {
    return mvc.put().uri(path).header("X-Api-Key", ReminderTestSupport.apiKey(shopId)).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
  }

  public MvcTestResult get(String path) {
    return mvc.get().uri(path).header("X-Api-Key", ReminderTestSupport.apiKey(shopId)).exchange();
  }

  /** Creates an SMS script in English with {@code text} and returns its id. */
  public long smsScript(String text) {
    String created = body(post("/api/v1/scripts", "{\"name\":\"s\",\"channel\":\"sms\",\"locale\":\"en\",\"text\":\"" + text + "\"}"),
        HttpStatus.CREATED);
    return ((Number) JsonPath.read(created, "$.id")).longValue();
  }

  /** The answer's body, after checking its status. */
  public static String body(MvcTestResult result, HttpStatus expected) {
    assertThat(result).hasStatus(expected);
    return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
  }
}
