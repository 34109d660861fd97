/**
 * The sms channel adapter. A named interface of module {@code channel}: the dispatcher sends
 * through its gateway, and other modules use its public types.
 */
@NamedInterface("sms")
package dev.cuifu.reminder.channel.sms;

import org.springframework.modulith.NamedInterface;
