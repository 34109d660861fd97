package dev.cuifu.reminder.script;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cuifu.common.sms.SmsSegments;
import dev.cuifu.reminder.shop.AuthenticatedShop;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A shop's script library: {@code /api/v1/scripts}, authenticated with the shop's API key. */
@RestController
@RequestMapping(path = "/api/v1/scripts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "scripts", description = "Reminder wordings per channel and language, with placeholders")
class ScriptController {

  record ScriptRequest(
      @Schema(example = "Polite reminder") String name,
      @Schema(allowableValues = {"sms", "chat", "phone-talking-points"}) String channel,
      @Schema(allowableValues = {"zh-CN", "en"}) String locale,
      @Schema(example = "【{shopName}】您的订单{orderId}还未付款，付款遇到问题可直接回复。回TD退订") String text) {}

  record EditRequest(@Schema(description = "optional; the name stays when absent") String name, String text) {}

  record SettingsRequest(
      @Schema(allowableValues = {"zh-CN", "en"}) String locale,
      @Schema(minimum = "1", maximum = "10") Integer smsMaxSegments,
      @Schema(example = "https://shop.example/pay?order={orderId}") String paymentLink,
      @Schema(description = "optional: what one SMS segment costs, for experiments' cost and return on cost") SegmentPrice smsSegmentPrice) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record SettingsView(String locale, int smsMaxSegments, String paymentLink, SegmentPrice smsSegmentPrice) {
    static SettingsView of(ScriptSettings s) {
      return new SettingsView(s.locale().tag(), s.smsMaxSegments(), s.paymentLink(), s.smsSegmentPrice());
    }
  }

  @Schema(description = "The SMS length of the text rendered with the longest values (see docs/how-it-works.md)")
  record SmsLength(
      @Schema(allowableValues = {"GSM-7", "UCS-2"}) String encoding, int units, int segments, int limit, boolean withinLimit) {
    static SmsLength of(SmsSegments length, int limit) {
      if (length == null) {
        return null;
      }
      String encoding = length.encoding() == SmsSegments.Encoding.GSM_7 ? "GSM-7" : "UCS-2";
      return new SmsLength(encoding, length.units(), length.segments(), limit, length.segments() <= limit);
    }
  }

  record VersionView(int version, String text, Instant createdAt) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ScriptView(
      Long id,
      String name,
      String channel,
      int tier,
      String locale,
      @Schema(allowableValues = {"ACTIVE", "RETIRED", "DEFAULT"}) String status,
      @Schema(description = "true for the script dispatch renders now for its channel") boolean inUse,
      Integer version,
      String text,
      SmsLength sms,
      Instant createdAt,
      Instant updatedAt,
      Instant retiredAt,
      @Schema(description = "every version, oldest first (only when one script is asked for)") List<VersionView> versions) {}

  private final ScriptLibrary library;

  ScriptController(ScriptLibrary library) {
    this.library = library;
  }

  @GetMapping
  @Operation(summary = "The shop's scripts (retired ones with ?retired=true)")
  List<ScriptView> list(@Parameter(hidden = true) AuthenticatedShop shop,
      @RequestParam(name = "retired", defaultValue = "false") boolean retired) {
    String shopId = shop.shopId();
    return library.list(shopId, retired).stream().map(s -> view(s, null)).toList();
  }

  @GetMapping("/{id}")
  @Operation(summary = "One script with every version")
  ScriptView get(@Parameter(hidden = true) AuthenticatedShop shop,
      @PathVariable long id) {
    String shopId = shop.shopId();
    ScriptRepository.Stored script = library.find(shopId, id);
    return view(script, library.versions(id));
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a script; 400 names an unknown placeholder, unbalanced braces, an empty text or an SMS over the segment limit")
  ScriptView create(@Parameter(hidden = true) AuthenticatedShop shop,
      @RequestBody ScriptRequest request) {
    String shopId = shop.shopId();
    return view(library.create(shopId, request.name(), request.channel(), request.locale(), request.text()), null);
  }

  @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Edit a script: its text becomes a new version; earlier versions are kept")
  ScriptView edit(@Parameter(hidden = true) AuthenticatedShop shop,
      @PathVariable long id,
      @RequestBody EditRequest request) {
    String shopId = shop.shopId();
    return view(library.edit(shopId, id, request.name(), request.text()), null);
  }

  @PostMapping("/{id}/retire")
  @Operation(summary = "Retire a script: dispatch stops using it; its versions stay")
  ScriptView retire(@Parameter(hidden = true) AuthenticatedShop shop,
      @PathVariable long id) {
    String shopId = shop.shopId();
    return view(library.retire(shopId, id), null);
  }

  @GetMapping("/defaults")
  @Operation(summary = "The wording Cuifu ships, used for a channel while the shop has no active script")
  List<ScriptView> defaults(@Parameter(hidden = true) AuthenticatedShop shop) {
    String shopId = shop.shopId();
    ScriptSettings settings = library.settings(shopId);
    List<ScriptRepository.Stored> own = library.list(shopId, false);
    return Arrays.stream(ScriptChannel.values())
        .flatMap(channel -> Arrays.stream(ScriptLocale.values()).map(locale -> {
          String text = DefaultScripts.text(channel, locale);
          boolean inUse =
              locale == settings.locale() && own.stream().noneMatch(s -> s.channel() == channel && s.locale() == locale);
          return new ScriptView(
              null, "default", channel.wire(), channel.tier(), locale.tag(), "DEFAULT", inUse, null, text,
              SmsLength.of(library.worstCase(shopId, channel, locale, text), settings.smsMaxSegments()),
              null, null, null, null);
        }))
        .toList();
  }

  @GetMapping("/settings")
  @Operation(summary = "The shop's script language, SMS segment limit and payment link")
  SettingsView settings(@Parameter(hidden = true) AuthenticatedShop shop) {
    return SettingsView.of(library.settings(shop.shopId()));
  }

  @PutMapping(path = "/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Replace the shop's script settings (scripts saved earlier are not re-checked)")
  SettingsView updateSettings(@Parameter(hidden = true) AuthenticatedShop shop,
      @RequestBody SettingsRequest request) {
    String shopId = shop.shopId();
    return SettingsView.of(
        library.updateSettings(shopId, request.locale(), request.smsMaxSegments(), request.paymentLink(), request.smsSegmentPrice()));
  }

  private ScriptView view(ScriptRepository.Stored s, List<ScriptRepository.Version> versions) {
    int limit = library.settings(s.shopId()).smsMaxSegments();
    return new ScriptView(
        s.id(), s.name(), s.channel().wire(), s.channel().tier(), s.locale().tag(), s.retired() ? "RETIRED" : "ACTIVE",
        !s.retired() && library.inUse(s), s.version(), s.text(),
        SmsLength.of(library.worstCase(s.shopId(), s.channel(), s.locale(), s.text()), limit),
        s.createdAt(), s.updatedAt(), s.retiredAt(),
        versions == null ? null : versions.stream().map(v -> new VersionView(v.version(), v.text(), v.createdAt())).toList());
  }
}
