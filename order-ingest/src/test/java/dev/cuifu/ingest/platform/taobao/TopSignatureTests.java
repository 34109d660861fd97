package dev.cuifu.ingest.platform.taobao;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopSignatureTests {

  /** The example of TOP's "API调用方法详解" (https://open.taobao.com/doc.htm?docId=101617&docType=1). */
  private static final Map<String, String> DOCUMENTED =
      Map.of(
          "method", "taobao.item.seller.get",
          "app_key", "12345678",
          "session", "test",
          "timestamp", "2016-01-01 12:00:00",
          "format", "json",
          "v", "2.0",
          "sign_method", "md5",
          "fields", "num_iid,title,nick,price,num",
          "num_iid", "11223344");

  @Test
  @DisplayName("rule: the md5 signature of TOP's documented example is the documented 66987CB115214E59E6EC978214934FB8")
  void theDocumentedExample() {
    assertThat(TopSignature.sign(DOCUMENTED, "helloworld", "md5")).isEqualTo("66987CB115214E59E6EC978214934FB8");
    assertThat(TopSignature.verifies(DOCUMENTED, "helloworld", "md5", "66987cb115214e59e6ec978214934fb8")).isTrue();
    // sign itself and empty values are not signed
    Map<String, String> withSign = new java.util.HashMap<>(DOCUMENTED);
    withSign.put("sign", "whatever");
    withSign.put("empty", "");
    assertThat(TopSignature.sign(withSign, "helloworld", "md5")).isEqualTo("66987CB115214E59E6EC978214934FB8");
  }

  @Test
  @DisplayName("rule: hmac is HMAC-MD5 and hmac-sha256 HMAC-SHA256 of the joined parameters (RFC 2202 and RFC 4231 vectors)")
  void theHmacMethods() {
    String key16 = "\u000b".repeat(16);
    String key20 = "\u000b".repeat(20);
    // "Hi" + " There" joins to "Hi There", the RFCs' first test data
    assertThat(TopSignature.sign(Map.of("Hi", " There"), key16, "hmac")).isEqualTo("9294727A3638BB1C13F48EF8158BFC9D");
    assertThat(TopSignature.sign(Map.of("Hi", " There"), key20, "hmac-sha256"))
        .isEqualTo("B0344C61D8DB38535CA8AFCEAF0BF12B881DC200C9833DA726E9376C2E32CFF7");
  }

  @Test
  @DisplayName("rule: another secret, another value, an unknown method or no sign do not verify")
  void anythingElseDoesNotVerify() {
    assertThat(TopSignature.verifies(DOCUMENTED, "helloworld!", "md5", "66987CB115214E59E6EC978214934FB8")).isFalse();
    Map<String, String> changed = new java.util.HashMap<>(DOCUMENTED);
    changed.put("num_iid", "11223345");
    assertThat(TopSignature.verifies(changed, "helloworld", "md5", "66987CB115214E59E6EC978214934FB8")).isFalse();
    assertThat(TopSignature.verifies(DOCUMENTED, "helloworld", "sha1", "66987CB115214E59E6EC978214934FB8")).isFalse();
    assertThat(TopSignature.verifies(DOCUMENTED, "helloworld", "md5", null)).isFalse();
  }
}
