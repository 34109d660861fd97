package dev.cuifu.common.sms;

/**
 * How many segments (billed parts) an SMS body takes, and in which encoding.
 *
 * <p>A body made only of characters of the GSM 03.38 default alphabet is sent as GSM-7: 160
 * septets in a single message, 153 per segment once it is split (each part carries a 7-septet
 * concatenation header); a character of the extension table (e.g. {@code € [ ] { } ~ ^ | \})
 * takes two septets (escape + code). Any other character — one Chinese character is enough —
 * switches the <em>whole</em> body to UCS-2: 70 UTF-16 code units in a single message, 67 per
 * segment; a character outside the BMP (most emoji) is a surrogate pair and takes two.
 *
 * <p>When a body is split, an escape pair or a surrogate pair is never cut across two segments
 * (a part then holds one unit less), so the count is what a careful sender produces — never lower
 * than what the provider bills. Twilio's "Smart Encoding" (replacing look-alike characters) is not
 * assumed.
 *
 * @param encoding GSM-7 or UCS-2
 * @param units septets (GSM-7) or UTF-16 code units (UCS-2) of the whole body
 * @param segments parts the body is sent in; 0 for an empty body
 */
public record SmsSegments(Encoding encoding, int units, int segments) {

  /** The two alphabets an SMS body can be sent in. */
  public enum Encoding {
    GSM_7(160, 153),
    UCS_2(70, 67);

    private final int single;
    private final int perSegment;

    Encoding(int single, int perSegment) {
      this.single = single;
      this.perSegment = perSegment;
    }

    /** Units that fit a message sent as one part. */
    public int singleLimit() {
      return single;
    }

    /** Units per part of a split message (the rest is the concatenation header). */
    public int perSegment() {
      return perSegment;
    }
  }

  /** GSM 03.38 default alphabet, in code order (0x1B, the escape, is left out: it is not text). */
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  /** The extension table: each is sent as escape + code, two septets. */
  private static final String EXTENSION = "\f^{}\\[~]|€";

  /** Counts {@code text}; {@code null} is treated as empty. */
  public static SmsSegments of(String text) {
    String body = text == null ? "" : text;
    int[] gsm = gsmSeptets(body);
    return gsm != null ? split(Encoding.GSM_7, gsm) : split(Encoding.UCS_2, utf16Units(body));
  }

  /** Whether {@code text} can be sent as GSM-7. */
  public static boolean isGsm7(String text) {
    return gsmSeptets(text == null ? "" : text) != null;
  }

  /** The septets of each character, or null as soon as one is not in the GSM alphabet. */
  private static int[] gsmSeptets(String body) {
    int[] widths = new int[body.length()];
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (BASIC.indexOf(c) >= 0) {
        widths[i] = 1;
      } else if (EXTENSION.indexOf(c) >= 0) {
        widths[i] = 2;
      } else {
        return null;
      }
    }
    return widths;
  }

  /** UTF-16 code units of each code point: 1, or 2 for a surrogate pair. */
  private static int[] utf16Units(String body) {
    return body.codePoints().map(Character::charCount).toArray();
  }

  /** Packs the characters' widths into parts without cutting one character in two. */
  private static SmsSegments split(Encoding encoding, int[] widths) {
    int total = 0;
    for (int width : widths) {
      total += width;
    }
    if (total == 0) {
      return new SmsSegments(encoding, 0, 0);
    }
    if (total <= encoding.singleLimit()) {
      return new SmsSegments(encoding, total, 1);
    }
    int segments = 1;
    int used = 0;
    for (int width : widths) {
      if (used + width > encoding.perSegment()) {
        segments++;
        used = 0;
      }
      used += width;
    }
    return new SmsSegments(encoding, total, segments);
  }
}
