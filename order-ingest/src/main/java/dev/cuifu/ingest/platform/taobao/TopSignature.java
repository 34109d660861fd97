package dev.cuifu.ingest.platform.taobao;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Taobao Open Platform (TOP) signature, as TOP documents it for its API calls
 * (https://open.taobao.com/doc.htm?docId=101617&docType=1, "API调用方法详解", 签名算法): sort the
 * parameters but {@code sign} by name (ASCII), join each non-empty one as name + value, then
 * {@code md5}: MD5(secret + joined + secret); {@code hmac}: HMAC-MD5(joined, secret);
 * {@code hmac-sha256}: HMAC-SHA256(joined, secret); the digest in upper-case hex. The document's
 * own example (secret {@code helloworld}, taobao.item.seller.get) gives
 * {@code 66987CB115214E59E6EC978214934FB8}; {@code TopSignatureTests} checks it.
 */
final class TopSignature {

  static final String MD5 = "md5";
  static final String HMAC_MD5 = "hmac";
  static final String HMAC_SHA256 = "hmac-sha256";

  private TopSignature() {}

  /** The signature of these parameters ({@code sign} itself left out), or null for an unknown method. */
  static String sign(Map<String, String> parameters, String secret, String method) {
    StringBuilder joined = new StringBuilder();
    new TreeMap<>(parameters).forEach((name, value) -> {
      if (!name.isEmpty() && !name.equals("sign") && value != null && !value.isEmpty()) {
        joined.append(name).append(value);
      }
    });
    byte[] text = joined.toString().getBytes(StandardCharsets.UTF_8);
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    try {
      byte[] digest =
          switch (method == null ? MD5 : method.toLowerCase(Locale.ROOT)) {
            case MD5 -> {
              MessageDigest md5 = MessageDigest.getInstance("MD5");
              md5.update(key);
              md5.update(text);
              yield md5.digest(key);
            }
            case HMAC_MD5 -> mac("HmacMD5", key, text);
            case HMAC_SHA256 -> mac("HmacSHA256", key, text);
            default -> null;
          };
      return digest == null ? null : HexFormat.of().withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has MD5, HmacMD5 and HmacSHA256", e);
    }
  }

  /** True when {@code sign} is these parameters' signature; compared in constant time, case-insensitively. */
  static boolean verifies(Map<String, String> parameters, String secret, String method, String sign) {
    String expected = sign(parameters, secret, method);
    if (expected == null || sign == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), sign.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] mac(String algorithm, byte[] key, byte[] text) throws GeneralSecurityException {
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(key, algorithm));
    return mac.doFinal(text);
  }
}
