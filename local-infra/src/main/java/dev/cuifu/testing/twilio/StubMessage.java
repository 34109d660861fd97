package dev.cuifu.testing.twilio;

import java.time.Instant;

/**
 * One message the {@link TwilioStubServer} accepted, as Twilio would store it.
 *
 * @param sid {@code SM} + 32 hex digits
 * @param accountSid the account it was sent on
 * @param to the recipient, as posted
 * @param from the sender number as posted, or {@code null} when sent through a Messaging Service
 * @param messagingServiceSid the Messaging Service ({@code MG…}) it was sent through, or {@code null}
 * @param body the text
 * @param statusCallback the posted {@code StatusCallback} URL, or {@code null}
 * @param status Twilio's status word: accepted, queued, sending, sent, delivered, undelivered, failed…
 * @param numSegments how many SMS segments the body needs (GSM-7 or UCS-2)
 * @param errorCode Twilio's delivery error code (e.g. 30007), or {@code null}
 * @param dateCreated when it was accepted
 * @param dateUpdated when its status last changed
 * @param dateSent when it went out to the carrier, or {@code null} before that
 */
public record StubMessage(
    String sid,
    String accountSid,
    String to,
    String from,
    String messagingServiceSid,
    String body,
    String statusCallback,
    String status,
    int numSegments,
    Integer errorCode,
    Instant dateCreated,
    Instant dateUpdated,
    Instant dateSent) {

  StubMessage withStatus(String newStatus, Integer newErrorCode, Instant now) {
    boolean leftForCarrier = dateSent == null && !newStatus.equals("accepted") && !newStatus.equals("queued")
        && !newStatus.equals("scheduled") && !newStatus.equals("canceled");
    return new StubMessage(
        sid,
        accountSid,
        to,
        from,
        messagingServiceSid,
        body,
        statusCallback,
        newStatus,
        numSegments,
        newErrorCode,
        dateCreated,
        now,
        leftForCarrier ? now : dateSent);
  }
}
